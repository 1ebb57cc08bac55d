package io.imageingest.upload;

/**
 * Minimal primitive hash map from {@code long} to {@code long} (no boxing), used to find duplicate serial numbers.
 *
 * <p>Open addressing with linear probing, Fibonacci hashing and a load factor of at most 0.75. The map is striped
 * into {@value #STRIPES} independent power-of-two tables chosen by the top hash bits, each growing on its own: memory
 * is 16 bytes per slot (about 32 MiB for one million entries), but growing never needs the old and the new copy of
 * the whole map at the same time, and the arrays stay small enough not to be "humongous" objects for G1 in small
 * heaps. Not thread-safe.
 *
 * <p>The value {@link #NO_VALUE} ({@code Long.MIN_VALUE}) is reserved to signal absence and cannot be stored.
 */
final class LongLongHashMap {

    static final long NO_VALUE = Long.MIN_VALUE;

    private static final long FIBONACCI = 0x9E3779B97F4A7C15L;
    private static final int STRIPE_BITS = 6;
    static final int STRIPES = 1 << STRIPE_BITS;
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 30;

    private final Table[] tables = new Table[STRIPES];
    private int size;
    private boolean hasZeroKey;
    private long zeroKeyValue;

    LongLongHashMap() {
        for (int t = 0; t < STRIPES; t++) {
            tables[t] = new Table(MIN_CAPACITY);
        }
    }

    int size() {
        return size;
    }

    /** Returns the value mapped to {@code key}, or {@link #NO_VALUE}. */
    long get(long key) {
        if (key == 0) {
            return hasZeroKey ? zeroKeyValue : NO_VALUE;
        }
        long hash = key * FIBONACCI;
        Table table = tables[(int) (hash >>> (64 - STRIPE_BITS))];
        long[] keys = table.keys;
        int mask = keys.length - 1;
        int i = table.slot(hash);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return table.values[i];
            }
            if (k == 0) {
                return NO_VALUE;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Maps {@code key} to {@code value} unless the key is already present.
     *
     * @return the existing value if the key was present (the map is unchanged), otherwise {@link #NO_VALUE}
     */
    long putIfAbsent(long key, long value) {
        if (value == NO_VALUE) {
            throw new IllegalArgumentException("Long.MIN_VALUE is reserved");
        }
        if (key == 0) { // 0 marks an empty slot, so a real key 0 lives outside the tables
            if (hasZeroKey) {
                return zeroKeyValue;
            }
            hasZeroKey = true;
            zeroKeyValue = value;
            size++;
            return NO_VALUE;
        }
        long hash = key * FIBONACCI;
        Table table = tables[(int) (hash >>> (64 - STRIPE_BITS))];
        long[] keys = table.keys;
        int mask = keys.length - 1;
        int i = table.slot(hash);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return table.values[i];
            }
            if (k == 0) {
                keys[i] = key;
                table.values[i] = value;
                size++;
                if (++table.size > table.resizeAt) {
                    table.grow();
                }
                return NO_VALUE;
            }
            i = (i + 1) & mask;
        }
    }

    /** Total number of slots (for tests and memory estimates: 16 bytes each). */
    long capacity() {
        long capacity = 0;
        for (Table table : tables) {
            capacity += table.keys.length;
        }
        return capacity;
    }

    @Override
    public String toString() {
        return "LongLongHashMap[size=" + size + ", capacity=" + capacity() + "]";
    }

    private static final class Table {
        long[] keys;
        long[] values;
        int size;
        int resizeAt;
        int shift;

        Table(int capacity) {
            allocate(capacity);
        }

        /** Slot from the hash bits just below the stripe bits. */
        int slot(long hash) {
            return (int) ((hash << STRIPE_BITS) >>> shift);
        }

        private void allocate(int capacity) {
            keys = new long[capacity];
            values = new long[capacity];
            shift = 64 - Integer.numberOfTrailingZeros(capacity);
            resizeAt = capacity == MAX_CAPACITY ? MAX_CAPACITY - 1 : capacity / 4 * 3;
        }

        void grow() {
            if (keys.length == MAX_CAPACITY) {
                if (size >= MAX_CAPACITY - 1) {
                    throw new IllegalStateException("LongLongHashMap is full");
                }
                return;
            }
            long[] oldKeys = keys;
            long[] oldValues = values;
            allocate(oldKeys.length << 1);
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                long key = oldKeys[j];
                if (key != 0) {
                    int i = slot(key * FIBONACCI);
                    while (keys[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = key;
                    values[i] = oldValues[j];
                }
            }
        }
    }
}
