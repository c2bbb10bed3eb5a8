package io.shardlake.engine.lake;

/**
 * Sorts parallel primitive arrays by (key, position) without boxing: a million changes sorted as
 * objects would cost ~50 MB of heap, as two arrays 12 MB.
 */
final class PairSort {

    private PairSort() {
    }

    static void sort(long[] keys, int[] positions) {
        sort(keys, positions, 0, keys.length - 1);
    }

    private static void sort(long[] k, int[] p, int lo, int hi) {
        while (lo < hi) {
            if (hi - lo < 16) {
                insertion(k, p, lo, hi);
                return;
            }
            int mid = lo + (hi - lo) / 2;
            long pk = k[mid];
            int pp = p[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (less(k[i], p[i], pk, pp)) {
                    i++;
                }
                while (less(pk, pp, k[j], p[j])) {
                    j--;
                }
                if (i <= j) {
                    swap(k, p, i++, j--);
                }
            }
            // recurse into the smaller side, loop on the larger: stack depth stays logarithmic
            if (j - lo < hi - i) {
                sort(k, p, lo, j);
                lo = i;
            } else {
                sort(k, p, i, hi);
                hi = j;
            }
        }
    }

    private static void insertion(long[] k, int[] p, int lo, int hi) {
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && less(k[j], p[j], k[j - 1], p[j - 1]); j--) {
                swap(k, p, j, j - 1);
            }
        }
    }

    private static boolean less(long ka, int pa, long kb, int pb) {
        return ka < kb || ka == kb && pa < pb;
    }

    private static void swap(long[] k, int[] p, int a, int b) {
        long tk = k[a];
        k[a] = k[b];
        k[b] = tk;
        int tp = p[a];
        p[a] = p[b];
        p[b] = tp;
    }
}
