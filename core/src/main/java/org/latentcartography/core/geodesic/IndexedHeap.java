package org.latentcartography.core.geodesic;

/**
 * A binary min-heap of node indices keyed by an external array, with each node's position kept so
 * that a key can decrease in place (the trial set of fast marching).
 */
final class IndexedHeap {
    private final double[] key;
    private final int[] position;
    private int[] heap = new int[1024];
    private int size;

    /**
     * @param key the keys, read (never written) by the heap; a node's key may only decrease while
     *     it is in the heap, followed by {@link #decreased}
     */
    IndexedHeap(double[] key) {
        this.key = key;
        this.position = new int[key.length];
        java.util.Arrays.fill(position, -1);
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean contains(int node) {
        return position[node] >= 0;
    }

    void add(int node) {
        if (size == heap.length) {
            heap = java.util.Arrays.copyOf(heap, 2 * size);
        }
        heap[size] = node;
        position[node] = size;
        up(size++);
    }

    /** Restores the order after {@code key[node]} decreased. */
    void decreased(int node) {
        up(position[node]);
    }

    int poll() {
        int top = heap[0];
        position[top] = -1;
        size--;
        if (size > 0) {
            heap[0] = heap[size];
            position[heap[0]] = 0;
            down(0);
        }
        return top;
    }

    private void up(int i) {
        int node = heap[i];
        double k = key[node];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            int pn = heap[p];
            if (key[pn] <= k) {
                break;
            }
            heap[i] = pn;
            position[pn] = i;
            i = p;
        }
        heap[i] = node;
        position[node] = i;
    }

    private void down(int i) {
        int node = heap[i];
        double k = key[node];
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int cn = heap[c];
            int r = c + 1;
            if (r < size && key[heap[r]] < key[cn]) {
                c = r;
                cn = heap[r];
            }
            if (k <= key[cn]) {
                break;
            }
            heap[i] = cn;
            position[cn] = i;
            i = c;
        }
        heap[i] = node;
        position[node] = i;
    }
}
