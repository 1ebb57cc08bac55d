package io.imageingest.upload;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/** A growable list of primitive longs: a million serial numbers in 8 MB instead of boxed objects. */
final class LongList {

    private long[] values = new long[1024];
    private int size;
    private boolean ascending = true;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        if (size > 0 && values[size - 1] >= value) {
            ascending = false;
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    void sort() {
        if (!ascending) {
            Arrays.sort(values, 0, size);
            ascending = true;
        }
    }

    /** A boxed view of {@code [from, to)}, for one page or one batch. */
    List<Long> slice(int from, int to) {
        long[] copy = Arrays.copyOfRange(values, from, to);
        return new AbstractList<>() {
            @Override
            public Long get(int index) {
                return copy[index];
            }

            @Override
            public int size() {
                return copy.length;
            }
        };
    }
}
