package org.recsys4j.embedding.word2vec;

import org.recsys4j.embedding.seq.SyntheticSequences;

/**
 * Run by hand (not a unit test): trains on a synthetic corpus and prints tokens/s, for docs/word2vec-notes.md.
 * Arguments: items, sequences, epochs, threads... (e.g. {@code 50000 100000 3 1 2}).
 */
final class Word2VecBenchMain {
    private Word2VecBenchMain() {
    }

    public static void main(String[] args) throws java.io.IOException {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int sequences = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long t0 = System.nanoTime();
        SyntheticSequences s = SyntheticSequences.protocolW().withItems(items).withSequences(sequences).build();
        System.out.printf("generated %s in %.2f s%n", s.corpus(), (System.nanoTime() - t0) / 1e9);
        if (System.getProperty("write") != null) { // the same corpus for gensim's LineSentence
            s.write(java.nio.file.Path.of(System.getProperty("write")));
        }
        for (int a = 3; a < Math.max(4, args.length); a++) {
            int threads = args.length > a ? Integer.parseInt(args[a]) : 1;
            for (boolean cbow : new boolean[] {Boolean.getBoolean("cbow")}) {
                long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                Word2VecModel m = Word2Vec.builder()
                        .withNegativeSampler(NegativeSampler.valueOf(System.getProperty("sampler", "ALIAS")))
                        .withSharedNegatives(!Boolean.getBoolean("perPair")).withDim(64).withWindow(5)
                        .withNegative(5).withCbow(cbow).withHierarchicalSoftmax(Boolean.getBoolean("hs"))
                        .withNegative(Integer.getInteger("negative", 5)).withEpochs(epochs)
                        .withThreads(threads).withSeed(42).build().fit(s.corpus());
                TrainingStats st = m.stats();
                double cpu = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0)
                        / 1e9;
                System.out.printf("  calling thread cpu %.2f s -> %.0f tokens per cpu-second of that thread%n", cpu,
                        st.tokensProcessed() / cpu);
                System.out.printf(System.getProperty("sampler", "ALIAS") + (Boolean.getBoolean("perPair") ? " per-pair" : " shared") + " threads %d cbow %s: %.0f tokens/s (%.2f s, %d trained of %d, loss %.4f)%n",
                        threads, cbow, st.tokensPerSecond(), st.seconds(), st.tokensTrained(), st.tokensProcessed(),
                        st.finalLoss());
            }
        }
    }
}
