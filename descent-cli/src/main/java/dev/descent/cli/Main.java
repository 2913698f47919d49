package dev.descent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code descent} command. */
@Command(name = "descent", mixinStandardHelpOptions = true, version = "descent 0.1.0",
        description = "Gradient descent you can see and measure.")
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
