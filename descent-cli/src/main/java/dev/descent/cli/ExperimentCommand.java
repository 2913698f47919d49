package dev.descent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code descent experiment NAME}: reproducible experiments that test a claim of the notes. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run an experiment that tests a claim of the notes and write its report.",
        subcommands = {SkipConnectionsCommand.class},
        footer = {"", "Experiments:",
            "  skip-connections   does ResNet's shortcut smooth the loss landscape?",
            "                     (ResNet-20 vs its plain twin)"})
public final class ExperimentCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
