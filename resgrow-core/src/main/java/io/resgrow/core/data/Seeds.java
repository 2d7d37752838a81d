package io.resgrow.core.data;

/** Derives independent, reproducible seeds from a run seed and a position (SplitMix64 mixing). */
public final class Seeds {

    private Seeds() {}

    /**
     * Mixes a seed with any number of position values into a new seed.
     *
     * @param seed the run seed
     * @param parts positions such as phase, epoch and step
     * @return a well-mixed 64-bit seed
     */
    public static long mix(long seed, long... parts) {
        long h = splitMix(seed);
        for (long p : parts) {
            h = splitMix(h ^ splitMix(p + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    private static long splitMix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
