package org.latentcartography.engine.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.Engine;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.eval.Progress;
import org.latentcartography.core.grid.Grid;

/**
 * Engine {@code spark}: the slab evaluation of {@code cartography measure} on Apache Spark 3.5,
 * embedded ({@code local[N]}, the default) or on a cluster ({@code spark://HOST:PORT}, YARN,
 * Kubernetes, or whatever {@code spark-submit} was given).
 *
 * <p>The grid is cut into blocks of whole slab groups ({@link GridEvaluator#blockSlabs}); one task
 * per block evaluates its slabs plus the halo slabs its measure needs and sends back only the
 * block's measure values, which the driver copies into the one measure array as tasks finish.
 * Values are bit for bit the local engine's. On a cluster the toolkit's jars go with the job
 * ({@code spark.jars}) and every file or folder a spec names goes as an archive (SparkFiles), so
 * models with external weight files or folders of files (text decoders) work.
 *
 * <p>Options (the engine spec {@code spark,KEY=VALUE,...}): {@code master},
 * {@code blocks} (tasks; default 2 per core of the cluster), {@code spark.*} (any Spark setting),
 * and {@code fail-once=K} (tests: the first attempt of block K fails).
 */
public final class SparkEngine implements Engine {

    /** Tries per task when the master is {@code local[N]}, which by itself would not retry. */
    static final int LOCAL_TRIES = 4;

    /** @return the option as an int, or {@code fallback} when absent; a usage error when not a number */
    private static int integer(Map<String, String> opts, String key, int fallback) {
        String v = opts.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("engine spark: " + key + "=" + v + " is not an integer");
        }
    }

    /** Jars that must go with the job to a cluster, comma-separated; default: see {@link #toolkitJars}. */
    public static final String JARS_PROPERTY = "cartography.spark.jars";

    @Override
    public String id() {
        return "spark";
    }

    @Override
    public String description() {
        return "Apache Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                + ": embedded (local[N]) or on a cluster (spark://, yarn, k8s://)";
    }

    @Override
    public Outcome evaluate(Job job, Progress progress) {
        Map<String, String> opts = job.engine().options();
        for (String k : opts.keySet()) {
            if (!k.equals("master") && !k.equals("blocks") && !k.equals("fail-once") && !k.startsWith("spark.")) {
                throw new UsageException("engine spark: unknown option '" + k + "' (known: blocks=, master=, spark.*=)");
            }
        }
        SparkConf conf = new SparkConf(); // with the spark.* settings spark-submit passes
        String master = opts.getOrDefault("master", conf.get("spark.master", "local[" + job.threads() + "]"));
        master = withRetries(master);
        conf.setMaster(master);
        conf.setIfMissing("spark.app.name", "cartography measure");
        conf.setIfMissing("spark.ui.enabled", "false");
        opts.forEach((k, v) -> {
            if (k.startsWith("spark.")) {
                conf.set(k, v);
            }
        });
        boolean local = master.startsWith("local");
        Grid grid = job.grid();
        long cells = grid.cellCount();
        long resultBytes = cells * 8L * (1 + (job.metric() ? (long) grid.dimension() * grid.dimension() : 0));
        conf.setIfMissing("spark.driver.maxResultSize", Math.max(1L << 30, 2 * resultBytes + (64L << 20)) + "b");
        if (!local) {
            List<String> jars = toolkitJars();
            String given = conf.get("spark.jars", "");
            conf.set("spark.jars", (given.isBlank() ? "" : given + ",") + String.join(",", jars));
        }
        int failOnce = integer(opts, "fail-once", -1);
        long t0 = System.nanoTime();
        Path staging = null;
        String key = UUID.randomUUID().toString();
        // a context already running in this JVM (spark-shell, a notebook, a benchmark) is used, not stopped
        scala.Option<org.apache.spark.SparkContext> active = org.apache.spark.SparkContext$.MODULE$.getActive();
        boolean own = active.isEmpty();
        JavaSparkContext sc = null;
        SparkListener listener = null;
        try {
            sc = own ? new JavaSparkContext(conf) : JavaSparkContext.fromSparkContext(active.get());
            if (!own) {
                master = sc.master();
                local = sc.isLocal();
            }
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            List<BlockJob.Shipped> shipped = List.of();
            if (!local) {
                staging = Files.createTempDirectory("cartography-spark-");
                shipped = ship(sc, job, staging, key.substring(0, 8));
            }
            int blocks = integer(opts, "blocks", 2 * Math.max(1, sc.defaultParallelism()));
            if (blocks < 1) {
                throw new UsageException("engine spark: blocks= must be at least 1");
            }
            blocks = Math.min(blocks, grid.slabCount());
            BlockJob bj = new BlockJob(key, job, shipped, blocks, failOnce);
            AtomicInteger failures = new AtomicInteger();
            listener = new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (end.taskInfo() != null && !end.taskInfo().successful()) {
                        failures.incrementAndGet();
                    }
                }
            };
            sc.sc().addSparkListener(listener);
            long t1 = System.nanoTime();
            JavaRDD<BlockJob.BlockResult> results = sc.parallelize(IntStream.range(0, blocks).boxed()
                    .collect(Collectors.toList()), blocks).map(bj::evaluate);
            double[] measure = new double[(int) cells];
            int dz = grid.dimension();
            double[] metric = job.metric() ? new double[(int) cells * dz * dz] : null;
            int slabCells = grid.slabSize();
            AtomicLong evaluations = new AtomicLong();
            AtomicLong doneCells = new AtomicLong();
            BlockJob.BlockResult[] first = new BlockJob.BlockResult[1];
            Set<String> executors = new LinkedHashSet<>();
            int[] retried = new int[1];
            scala.Function2<TaskContext, scala.collection.Iterator<BlockJob.BlockResult>, BlockJob.BlockResult> take =
                    (scala.Function2<TaskContext, scala.collection.Iterator<BlockJob.BlockResult>, BlockJob.BlockResult>
                            & java.io.Serializable) (tc, it) -> it.next();
            scala.Function2<Object, BlockJob.BlockResult, scala.runtime.BoxedUnit> collect = (index, r) -> {
                // runs on the driver as each task ends: keep the values, drop the block
                System.arraycopy(r.measure(), 0, measure, r.fromSlab() * slabCells, r.measure().length);
                if (metric != null) {
                    System.arraycopy(r.metric(), 0, metric, r.fromSlab() * slabCells * dz * dz, r.metric().length);
                }
                evaluations.addAndGet(r.evaluations());
                if (first[0] == null || r.block() < first[0].block()) {
                    first[0] = new BlockJob.BlockResult(r.block(), 0, 0, null, null, 0, r.functionName(),
                            r.outputDimension(), r.report(), 0, null);
                }
                executors.add(r.executor());
                if (r.attempt() > 0) {
                    retried[0]++;
                }
                progress.update(doneCells.addAndGet(r.measure().length) * job.samples(), cells * job.samples());
                return scala.runtime.BoxedUnit.UNIT;
            };
            try {
                sc.sc().runJob(results.rdd(), take, collect,
                        scala.reflect.ClassTag$.MODULE$.apply(BlockJob.BlockResult.class));
            } finally {
                BlockJob.release(key); // local mode: the components were opened in this JVM
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("master", master);
            info.put("blocks", blocks);
            info.put("spark_version", org.apache.spark.package$.MODULE$.SPARK_VERSION());
            info.put("startup_seconds", startSeconds);
            info.put("failed_tasks", failures.get());
            info.put("retried_blocks", retried[0]);
            info.put("executors", new ArrayList<>(executors));
            BlockJob.BlockResult f = first[0];
            return new Outcome(measure, metric, evaluations.get(), seconds, f == null ? "?" : f.functionName(),
                    f == null ? 0 : f.outputDimension(), f == null ? Map.of() : f.report(), info);
        } catch (IOException e) {
            throw new CartographyException("engine spark: " + e.getMessage(), e);
        } catch (Exception e) { // SparkException is a checked exception that Scala code throws undeclared
            throw unwrap(e);
        } finally {
            if (sc != null && listener != null) {
                sc.sc().removeSparkListener(listener);
            }
            if (sc != null && own) {
                sc.close();
            }
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    /** {@code local[N]} and {@code local[*]} retry failed tasks like a cluster: {@code local[N,4]}. */
    static String withRetries(String master) {
        Matcher m = Pattern.compile("local\\[(\\d+|\\*)]").matcher(master.strip());
        if (m.matches()) {
            return "local[" + m.group(1) + "," + LOCAL_TRIES + "]";
        }
        return master.equals("local") ? "local[1," + LOCAL_TRIES + "]" : master;
    }

    /**
     * The failure a task reported, as the toolkit's own exception when Spark kept it (one line on
     * the terminal), else Spark's message.
     */
    static RuntimeException unwrap(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UsageException || t instanceof CartographyException) {
                return (RuntimeException) t;
            }
        }
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = msg.indexOf('\n');
        return new CartographyException("spark: " + (nl < 0 ? msg : msg.substring(0, nl)), e);
    }

    /**
     * The toolkit's jars that executors need: {@value #JARS_PROPERTY} when set, else every jar
     * on this JVM's class path except those in the folder of Spark's own jar (the launcher keeps
     * the toolkit in {@code cli/target/lib} and Spark in {@code engine-spark/target/lib}), plus
     * this engine's jar.
     */
    static List<String> toolkitJars() {
        String prop = System.getProperty(JARS_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Stream.of(prop.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(s -> Path.of(s).toAbsolutePath().toUri().toString()).collect(Collectors.toList());
        }
        Path sparkDir = jarOf(SparkConf.class).getParent();
        Set<String> out = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && (sparkDir == null || !sparkDir.equals(p.getParent()))) {
                out.add(p.toUri().toString());
            }
        }
        Path mine = jarOf(SparkEngine.class);
        if (mine.toString().endsWith(".jar")) {
            out.add(mine.toUri().toString());
        }
        return new ArrayList<>(out);
    }

    private static Path jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (Exception e) {
            return Path.of(".");
        }
    }

    /**
     * Ships every file or folder that the generator's and meaning's providers declare they read
     * ({@link Job#files}) to the executors, as archives unpacked into their SparkFiles folder: a
     * folder whole, a file together with the files beside it whose names start with its name
     * (external weights such as {@code decoder.onnx.data}).
     */
    static List<BlockJob.Shipped> ship(JavaSparkContext sc, Job job, Path staging, String tag) throws IOException {
        List<BlockJob.Shipped> out = new ArrayList<>();
        for (Path p : job.files()) {
            if (!Files.exists(p)) {
                continue; // the provider reports a missing model itself, with its own words
            }
            String name = "lc-" + tag + "-" + out.size();
            Path zip = staging.resolve(name + ".zip");
            String fileName;
            try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os)) {
                z.setLevel(Deflater.BEST_SPEED);
                if (Files.isDirectory(p)) {
                    fileName = null;
                    try (Stream<Path> walk = Files.walk(p)) {
                        for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                            add(z, p.relativize(f).toString().replace(File.separatorChar, '/'), f);
                        }
                    }
                } else {
                    fileName = p.getFileName().toString();
                    Path dir = p.toAbsolutePath().getParent();
                    try (Stream<Path> list = Files.list(dir)) {
                        for (Path f : (Iterable<Path>) list.filter(Files::isRegularFile)
                                .filter(f -> f.getFileName().toString().startsWith(fileName)).sorted()::iterator) {
                            add(z, f.getFileName().toString(), f);
                        }
                    }
                }
            }
            sc.sc().addArchive(zip.toUri() + "#" + name);
            out.add(new BlockJob.Shipped(p.toString(), name, fileName));
        }
        return out;
    }

    private static void add(ZipOutputStream z, String name, Path f) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        Files.copy(f, z);
        z.closeEntry();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is harmless
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SparkEngine[%s]", id());
    }
}
