package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.SGD;
import dev.descent.optim.schedule.LrScheduler;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedules of {@code --lr-schedule}, and the zoo's {@code mlp-<widths>}. */
class ScheduleTest {
    private static Optimizer adam(double lr) {
        Module m = ModelZoo.create("mlp-4", new int[] {2}, 2, DType.FLOAT32, new Generator(0));
        return new Optimizer(m.namedParameters(), Adam.withLr(lr));
    }

    @Test
    void parsesTheCommandLineForms() {
        assertNull(Schedule.parse("none").factory().create(adam(0.1), 10, 3));
        Schedule cos = Schedule.parse("cosine");
        assertTrue(cos.perStep());
        assertTrue(cos.dependsOnRunLength());
        Optimizer o = adam(0.1);
        LrScheduler s = cos.factory().create(o, 10, 3);
        for (int i = 0; i < 15; i++) {
            s.step();
        }
        assertEquals(0.05, o.group(0).lr(), 1e-12); // half-way through 30 steps
        Schedule step = Schedule.parse("step:2,0.5");
        assertFalse(step.perStep());
        assertEquals("step:2,0.5", step.name());
        assertEquals(step.name(), Schedule.parse(step.name()).name());
        assertEquals("step:3,0.1", Schedule.parse("step:3").name());
        Optimizer o2 = adam(0.1);
        LrScheduler st = step.factory().create(o2, 10, 6);
        st.step();
        st.step();
        assertEquals(0.05, o2.group(0).lr(), 1e-15);
        Optimizer o3 = adam(0.1);
        Schedule.parse("onecycle").factory().create(o3, 10, 2);
        assertEquals(0.1 / 25, o3.group(0).lr(), 1e-15);
        assertEquals(0.95, o3.group(0).getDouble("beta1"));
        Module m = ModelZoo.create("mlp-4", new int[] {2}, 2, DType.FLOAT32, new Generator(0));
        Optimizer sgd = new Optimizer(m.namedParameters(), SGD.withLr(0.1));
        Schedule.parse("onecycle:0.5").factory().create(sgd, 10, 2);
        assertEquals(0.0, sgd.group(0).getDouble("momentum"), "plain SGD gets no momentum from 1cycle");
        assertEquals(0.5 / 25, sgd.group(0).lr(), 1e-15);
    }

    @Test
    void badSchedulesSayWhatIsAccepted() {
        for (String bad : List.of("linear", "step", "step:x", "step:0", "step:2,0", "onecycle:-1", "step:1,2,3")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse(bad), bad);
            assertTrue(e.getMessage().contains("none, cosine, step:N[,GAMMA]") || e.getMessage().contains("step schedule"),
                    e.getMessage());
        }
    }

    @Test
    void zooBuildsMlpsWithGivenHiddenWidths() {
        Module m = ModelZoo.create("mlp-256", new int[] {1, 28, 28}, 10, DType.FLOAT32, new Generator(0));
        assertEquals(784L * 256 + 256 + 256 * 10 + 10, m.parameterCount());
        Module two = ModelZoo.create("mlp-512-512", new int[] {784}, 10, DType.FLOAT32, new Generator(0));
        assertEquals(ModelZoo.create("mlp", new int[] {784}, 10, DType.FLOAT32, new Generator(0)).parameterCount(),
                two.parameterCount());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelZoo.create("mlp-", new int[] {2}, 2))
                .getMessage().contains("mlp-<width>"));
    }
}
