package io.imageingest.system;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * MVStore key type of the embedded server's unique indexes. The stock H2 backend keys its index maps
 * with H2's generic {@link ObjectDataType}, which compares a {@link KeyValue} (not {@link Comparable}) by
 * Java-serialising both sides on every comparison: about 90% of the CPU of an insert. This type stores a
 * key as its element count followed by each element in {@code ObjectDataType}'s encoding, and compares
 * element by element with {@code ObjectDataType}'s per-type comparison (strings as strings, numbers as
 * numbers, other values by their serialised bytes as before). Two keys are equal exactly when the stock
 * comparison calls them equal (same element types and values), so uniqueness is unchanged; only the order
 * of the map differs, which is why maps of this type live under their own names.
 */
final class KeyValueDataType extends BasicDataType<KeyValue> {

    private final ObjectDataType elements = new ObjectDataType();

    @Override
    public int compare(KeyValue a, KeyValue b) {
        if (a == b) {
            return 0;
        }
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = elements.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public int getMemory(KeyValue key) {
        int memory = 48;
        for (Object element : key) {
            memory += elements.getMemory(element);
        }
        return memory;
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        buffer.putVarInt(key.size());
        for (Object element : key) {
            elements.write(buffer, element);
        }
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        int size = DataUtils.readVarInt(buffer);
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(elements.read(buffer));
        }
        return new KeyValue(values);
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
