package io.imageingest.upload;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongLongHashMapTest {

    @Test
    void putIfAbsentKeepsFirstValueAndReportsIt() {
        LongLongHashMap map = new LongLongHashMap();
        assertThat(map.putIfAbsent(5, 3)).isEqualTo(LongLongHashMap.NO_VALUE);
        assertThat(map.putIfAbsent(5, 9)).isEqualTo(3);
        assertThat(map.get(5)).isEqualTo(3);
        assertThat(map.get(6)).isEqualTo(LongLongHashMap.NO_VALUE);
        assertThat(map.size()).isEqualTo(1);
    }

    @Test
    void supportsZeroNegativeAndExtremeKeys() {
        LongLongHashMap map = new LongLongHashMap();
        long[] keys = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1};
        for (int i = 0; i < keys.length; i++) {
            assertThat(map.putIfAbsent(keys[i], i + 100)).isEqualTo(LongLongHashMap.NO_VALUE);
        }
        for (int i = 0; i < keys.length; i++) {
            assertThat(map.get(keys[i])).isEqualTo(i + 100);
            assertThat(map.putIfAbsent(keys[i], 1)).isEqualTo(i + 100);
        }
        assertThat(map.size()).isEqualTo(keys.length);
    }

    @Test
    void rejectsReservedValue() {
        assertThatThrownBy(() -> new LongLongHashMap().putIfAbsent(1, LongLongHashMap.NO_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void growsAndAgreesWithHashMapForRandomKeys() {
        LongLongHashMap map = new LongLongHashMap();
        Map<Long, Long> reference = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long key = random.nextInt(4) == 0 ? random.nextLong() : random.nextLong(150_000);
            long expected = reference.getOrDefault(key, LongLongHashMap.NO_VALUE);
            assertThat(map.putIfAbsent(key, i)).isEqualTo(expected);
            reference.putIfAbsent(key, (long) i);
        }
        assertThat(map.size()).isEqualTo(reference.size());
        reference.forEach((k, v) -> assertThat(map.get(k)).isEqualTo(v));
    }

    @Test
    void handlesKeysThatDifferOnlyInHighOrLowBits() {
        LongLongHashMap map = new LongLongHashMap();
        for (long i = 1; i <= 50_000; i++) {
            assertThat(map.putIfAbsent(i << 40, i)).isEqualTo(LongLongHashMap.NO_VALUE);
            assertThat(map.putIfAbsent(i * 1024, -i)).isEqualTo(LongLongHashMap.NO_VALUE);
        }
        for (long i = 1; i <= 50_000; i++) {
            assertThat(map.get(i << 40)).isEqualTo(i);
            assertThat(map.get(i * 1024)).isEqualTo(-i);
        }
        assertThat(map.size()).isEqualTo(100_000);
    }

    @Test
    void oneMillionSequentialKeysTakeAboutTwoMillionSlots() {
        LongLongHashMap map = new LongLongHashMap();
        for (long k = 1; k <= 1_000_000; k++) {
            map.putIfAbsent(k, k + 1);
        }
        assertThat(map.size()).isEqualTo(1_000_000);
        assertThat(map.capacity()).isEqualTo(1 << 21); // 64 stripes x 32768 slots x 16 bytes = 32 MiB
        for (long k = 1; k <= 1_000_000; k += 997) {
            assertThat(map.get(k)).isEqualTo(k + 1);
        }
        assertThat(map.get(1_000_001)).isEqualTo(LongLongHashMap.NO_VALUE);
    }
}
