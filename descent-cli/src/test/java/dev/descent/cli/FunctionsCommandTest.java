package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.landscape.functions.FunctionLibrary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionsCommandTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> json(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        return (List<Map<String, Object>>) MiniJson.parse(run.out());
    }

    @Test
    void jsonListsTheWholeLibrary() {
        List<Map<String, Object>> all = json("functions", "--json");
        assertEquals(FunctionLibrary.names(), all.stream().map(m -> m.get("name")).toList());
        for (Map<String, Object> f : all) {
            assertEquals(List.of("name", "formula", "variables", "dimension", "domain", "description", "criticalPoints",
                    "allCriticalPointsListed", "globalMinimum", "demo"), List.copyOf(f.keySet()));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void himmelblauEntry() {
        Map<String, Object> h = json("functions", "himmelblau", "--json").getFirst();
        assertEquals("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", h.get("formula"));
        assertEquals(List.of("x", "y"), h.get("variables"));
        assertEquals(2.0, h.get("dimension"));
        assertEquals(List.of(List.of(-5.0, 5.0), List.of(-5.0, 5.0)), h.get("domain"));
        List<Map<String, Object>> points = (List<Map<String, Object>>) h.get("criticalPoints");
        assertEquals(9, points.size());
        assertEquals(Map.of("location", Map.of("x", 3.0, "y", 2.0), "value", 0.0, "type", "minimum"), points.getFirst());
        assertEquals(List.of("minimum", "minimum", "minimum", "minimum", "maximum", "saddle", "saddle", "saddle", "saddle"),
                points.stream().map(p -> p.get("type")).toList());
        assertEquals(Boolean.TRUE, h.get("allCriticalPointsListed"));
        assertEquals(Map.of("location", Map.of("x", 3.0, "y", 2.0), "value", 0.0), h.get("globalMinimum"));
        assertNull(h.get("demo"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void demosAndParameters() {
        List<Map<String, Object>> fs = json("functions", "two-pits", "ravine:kappa=1000", "--json");
        Map<String, Object> demo = (Map<String, Object>) fs.get(0).get("demo");
        assertEquals(Map.of("x", 2.0), demo.get("start"));
        assertEquals(0.01, demo.get("lr"));
        assertEquals(0.9, demo.get("momentum"));
        assertEquals("ravine:kappa=1000", fs.get(1).get("name"));
        assertEquals("0.5*(x^2 + 1000*y^2)", fs.get(1).get("formula"));
        assertNull(fs.get(0).get("nothing"));
    }

    @Test
    void plainListing() {
        CliRun run = CliRun.of("functions", "himmelblau", "saddle");
        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("himmelblau\n  formula     (x^2 + y - 11)^2 + (x + y^2 - 7)^2\n"), run.out());
        assertTrue(run.out().contains("  critical points (all 9 in the domain):\n    minimum    f(3, 2) = 0\n"), run.out());
        assertTrue(run.out().contains("\nsaddle\n"), run.out());
        assertTrue(run.out().contains("  global min  none (unbounded below)\n"), run.out());
        CliRun all = CliRun.of("functions");
        for (String name : FunctionLibrary.names()) {
            assertTrue(all.out().contains("\n" + name + "\n") || all.out().startsWith(name + "\n"), name);
        }
    }

    @Test
    void unknownNameIsOneLine() {
        CliRun run = CliRun.of("functions", "sphere");
        assertEquals(2, run.exit(), "a user mistake");
        assertEquals("", run.out());
        assertEquals("descent: unknown function 'sphere' (known: " + String.join(", ", FunctionLibrary.names()) + ")\n",
                run.err());
    }
}
