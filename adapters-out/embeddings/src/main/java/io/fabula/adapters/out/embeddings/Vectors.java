package io.fabula.adapters.out.embeddings;

/** What both embedders do to their input and output, so they keep the same contract. */
final class Vectors {
    private Vectors() {
    }

    static String requireText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("cannot embed blank text");
        }
        return text;
    }

    /** A copy scaled to length 1 (cosine = dot product); checks the dimension the model promised. */
    static float[] normalised(float[] vector, int dimension) {
        if (vector.length != dimension) {
            throw new IllegalStateException("the model returned " + vector.length + " dimensions, expected " + dimension);
        }
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        double norm = Math.sqrt(sum);
        float[] copy = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            copy[i] = norm == 0 ? 0f : (float) (vector[i] / norm);
        }
        return copy;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }
}
