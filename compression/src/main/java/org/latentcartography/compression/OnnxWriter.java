package org.latentcartography.compression;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a feed-forward network as an ONNX model, protobuf encoded by hand (field numbers from
 * onnx.proto): IR version 7, opset 13, one float input {@code [batch, d]} with a symbolic batch
 * axis, layers {@code Gemm} (y = x·W + b, W input-major as ONNX's B operand) each followed by
 * {@code Tanh} except the last, one float output {@code [batch, D]}.
 */
final class OnnxWriter {
    private static final int FLOAT = 1;

    private OnnxWriter() {
    }

    /**
     * @param input the input's name
     * @param output the output's name
     * @param sizes layer widths, input first
     * @param w weights per layer, input-major, float values
     * @param b biases per layer
     * @param producer the producer's name
     * @return the model's bytes
     */
    static byte[] feedForward(String input, String output, int[] sizes, float[][] w, float[][] b, String producer) {
        Message graph = new Message();
        String x = input;
        int layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            String wn = "W" + l;
            String bn = "b" + l;
            graph.message(5, tensor(wn, new long[] {sizes[l], sizes[l + 1]}, w[l]));
            graph.message(5, tensor(bn, new long[] {sizes[l + 1]}, b[l]));
            String y = l == layers - 1 ? output : "a" + l;
            graph.message(1, node("gemm" + l, "Gemm", new String[] {x, wn, bn}, y));
            if (l < layers - 1) {
                String h = "h" + l;
                graph.message(1, node("tanh" + l, "Tanh", new String[] {y}, h));
                x = h;
            }
        }
        graph.string(2, "decoder");
        graph.message(11, valueInfo(input, sizes[0]));
        graph.message(12, valueInfo(output, sizes[layers]));

        Message model = new Message();
        model.varint(1, 7);
        model.string(2, producer);
        model.string(3, "1");
        model.message(7, graph);
        Message opset = new Message();
        opset.string(1, "");
        opset.varint(2, 13);
        model.message(8, opset);
        return model.bytes();
    }

    private static Message node(String name, String op, String[] inputs, String output) {
        Message n = new Message();
        for (String i : inputs) {
            n.string(1, i);
        }
        n.string(2, output);
        n.string(3, name);
        n.string(4, op);
        return n;
    }

    private static Message tensor(String name, long[] dims, float[] values) {
        Message t = new Message();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, FLOAT);
        t.string(8, name);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        t.bytes(9, raw.array());
        return t;
    }

    private static Message valueInfo(String name, int width) {
        Message batch = new Message();
        batch.string(2, "batch");
        Message features = new Message();
        features.varint(1, width);
        Message shape = new Message();
        shape.message(1, batch);
        shape.message(1, features);
        Message tensorType = new Message();
        tensorType.varint(1, FLOAT);
        tensorType.message(2, shape);
        Message type = new Message();
        type.message(1, tensorType);
        Message v = new Message();
        v.string(1, name);
        v.message(2, type);
        return v;
    }

    /** A protobuf message being written: fields in the order added. */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            tag(field, 0);
            raw(value);
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        void message(int field, Message m) {
            bytes(field, m.bytes());
        }

        void bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
        }

        private void tag(int field, int wire) {
            raw(((long) field << 3) | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
