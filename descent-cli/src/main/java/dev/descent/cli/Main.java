package dev.descent.cli;

import dev.descent.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code descent} command. */
@Command(name = "descent", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Gradient descent you can see and measure.",
        subcommands = {GradCommand.class, FunctionsCommand.class, OptimizeCommand.class, RaceCommand.class,
            LrSweepCommand.class, BasinsCommand.class, MomentumSweepCommand.class, TourCommand.class,
            LrFindCommand.class, SurfaceCommand.class, HessianCommand.class, ExperimentCommand.class,
            BenchCommand.class})
public final class Main implements Runnable {
    /** {@code descent --version}: {@link Version#VERSION}, the version recorded in checkpoints and reports. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"descent " + Version.VERSION};
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * The configured command line (tests call this and capture its output). Errors print one line
     * {@code descent: <message>} on stderr, with no stack trace, and the exit code says whose fault it
     * was, the same in every command:
     * <ul>
     *   <li>2, a user mistake (picocli's usage-error code): an unknown name, a bad value or expression,
     *       flags that conflict or contradict a resumed run; picocli's parameter errors and every
     *       {@link IllegalArgumentException} a command throws (the lab's {@code ParseException} is one);</li>
     *   <li>1, the command could not be carried out: a file missing, unreadable or damaged, data not
     *       installed, training diverged, an internal error.</li>
     * </ul>
     */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("train", new TrainCommand());
        cl.setExecutionExceptionHandler(Main::onExecutionException);
        cl.setParameterExceptionHandler(Main::onParameterException);
        // an expression may start with '-': `descent grad "-x^2" --at x=1`
        cl.getSubcommands().get("grad").setUnmatchedOptionsArePositionalParams(true);
        return cl;
    }

    private static int onExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof ArithmeticException || ex instanceof java.io.UncheckedIOException
                || ex instanceof java.io.IOException) {
            err.println("descent: " + ex.getMessage());
        } else {
            err.println("descent: internal error: " + ex + " (set DESCENT_DEBUG=1 for the stack trace)");
        }
        if (System.getenv("DESCENT_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ex instanceof IllegalArgumentException ? cmd.getCommandSpec().exitCodeOnInvalidInput()
                : cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    private static int onParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("descent: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
