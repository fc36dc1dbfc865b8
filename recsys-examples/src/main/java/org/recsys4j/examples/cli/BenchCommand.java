package org.recsys4j.examples.cli;

import org.recsys4j.examples.bench.AnnBench;
import org.recsys4j.examples.bench.CtrBench;
import org.recsys4j.examples.bench.CtrScoringCommand;
import org.recsys4j.examples.bench.EncodeBench;
import org.recsys4j.examples.bench.KernelsCommand;
import org.recsys4j.examples.bench.LoadBench;
import org.recsys4j.examples.bench.ReliabilityBench;
import org.recsys4j.examples.bench.StoreBench;
import org.recsys4j.examples.bench.ImplicitAlsTuneBench;
import org.recsys4j.examples.bench.SimilarItemsBench;
import org.recsys4j.examples.bench.SeqBench;
import org.recsys4j.examples.bench.SeqScoringCommand;
import org.recsys4j.examples.bench.TopNBench;
import org.recsys4j.examples.bench.Word2VecBench;
import picocli.CommandLine.Command;

/** The benchmark commands whose output goes into {@code docs/benchmarks.md}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks, each measured in the same run as its anchor (see docs/benchmarks.md).",
        subcommands = {TopNBench.class, SeqBench.class, LoadBench.class, EncodeBench.class, StoreBench.class, KernelsCommand.class,
                Word2VecBench.class, SimilarItemsBench.class, ImplicitAlsTuneBench.class, AnnBench.class, CtrBench.class, CtrScoringCommand.class, SeqScoringCommand.class,
                ReliabilityBench.class, org.recsys4j.examples.bench.ScaleBench.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
