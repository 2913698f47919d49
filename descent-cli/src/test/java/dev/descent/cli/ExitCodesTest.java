package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One exit-code convention for every command family ({@link Main#newCommandLine()}): 2 for a user
 * mistake, 1 when the command could not be carried out; either way one line on stderr, nothing on
 * stdout, no stack trace. Each case fails before any work starts.
 */
class ExitCodesTest {

    @ParameterizedTest(name = "{0}: exit {1}")
    @CsvSource(delimiter = '|', value = {
        // expressions
        "grad sin(x)) --at x=1                                              | 2 | descent: unexpected ')' at column 7",
        "functions sphere                                                   | 2 | descent: unknown function 'sphere'",
        // the landscape lab
        "optimize --function bowl --start x=1,y=1 --optimizer adamm         | 2 | descent: unknown optimizer 'adamm' (did you mean adam?)",
        "race --function bowl --start x=1,y=1 --optimizer adam:lr           | 2 | descent: --optimizer adam:lr: optimizer spec 'adam:lr': --lr needs a value",
        "lr-sweep --function bowl --start x=1,y=1 --optimizer sgd --lr 1    | 2 | descent: ",
        "tour --only nowhere                                                | 2 | descent: no tour section 'nowhere'",
        // training
        "train --model mlp --data spirals --optimizer adam --lr fast        | 2 | descent: --lr expects a number, got 'fast'",
        "train --model mlp --data nowhere --optimizer adam                  | 2 | descent: unknown data set 'nowhere'",
        "lr-find --model resnet7 --data spirals                             | 2 | descent: ",
        // neural landscapes
        "surface --checkpoint /nonexistent/run --range 1:-1                 | 2 | descent: --range must be LO:HI",
        "hessian --checkpoint /nonexistent/run --method newton              | 2 | descent: --method must be power or lanczos",
        "experiment skip-connections --depth 21                             | 2 | descent: the depth must be 6n + 2",
        "experiment skip-connections --budget huge                          | 2 | descent: unknown budget 'huge'",
        "experiment skip-connections --lr 0.1,0.05,0.02                     | 2 | descent: --lr takes one rate for both nets or two",
        "experiment skip-connections --lr -0.1                              | 2 | descent: the learning rate must be a positive number",
        // could not be carried out: the named checkpoint is not there
        "surface --checkpoint /nonexistent/run                              | 1 | descent: /nonexistent/run: no such checkpoint",
        "hessian --checkpoint /nonexistent/run                              | 1 | descent: /nonexistent/run: no such checkpoint",
    })
    void userMistakesExitTwoAndFailuresExitOne(String args, int exit, String message) {
        CliRun r = CliRun.of(args.split(" +"));
        assertEquals(exit, r.exit(), r.err());
        assertTrue(r.err().startsWith(message), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out());
    }
}
