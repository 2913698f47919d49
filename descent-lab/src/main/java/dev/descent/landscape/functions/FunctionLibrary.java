package dev.descent.landscape.functions;

import static dev.descent.landscape.PointType.DEGENERATE;
import static dev.descent.landscape.PointType.MAXIMUM;
import static dev.descent.landscape.PointType.MINIMUM;
import static dev.descent.landscape.PointType.SADDLE;

import dev.descent.landscape.Box;
import dev.descent.landscape.Numbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry of test functions, by name. Critical points come from the literature
 * (landscape-methods.md §5) and were recomputed here by Newton's method to full double precision;
 * {@code FunctionLibraryTest} checks each one (gradient zero, value, type) and, where
 * {@link TestFunction#allCriticalPointsListed()} says so, that a grid search finds no others.
 *
 * <p>{@code ravine} takes a parameter: {@code ravine:kappa=1000} (or {@code ravine:κ=1000}); plain
 * {@code ravine} means kappa = 100.
 */
public final class FunctionLibrary {
    /** The ravine's default condition number. */
    public static final double DEFAULT_KAPPA = 100;

    private static final Map<String, Supplier<TestFunction>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("x2sinx", FunctionLibrary::x2sinx);
        REGISTRY.put("bowl", FunctionLibrary::bowl);
        REGISTRY.put("ravine", () -> ravine(DEFAULT_KAPPA));
        REGISTRY.put("rosenbrock", FunctionLibrary::rosenbrock);
        REGISTRY.put("beale", FunctionLibrary::beale);
        REGISTRY.put("himmelblau", FunctionLibrary::himmelblau);
        REGISTRY.put("saddle", FunctionLibrary::saddle);
        REGISTRY.put("monkey-saddle", FunctionLibrary::monkeySaddle);
        REGISTRY.put("rastrigin", FunctionLibrary::rastrigin);
        REGISTRY.put("ackley", FunctionLibrary::ackley);
        REGISTRY.put("styblinski-tang", FunctionLibrary::styblinskiTang);
        REGISTRY.put("six-hump-camel", FunctionLibrary::sixHumpCamel);
        REGISTRY.put("goldstein-price", FunctionLibrary::goldsteinPrice);
        REGISTRY.put("two-pits", FunctionLibrary::twoPits);
        REGISTRY.put("two-basins", FunctionLibrary::twoBasins);
    }

    private FunctionLibrary() {}

    /** Every function, in a fixed teaching order (the ravine with its default kappa). */
    public static List<TestFunction> all() {
        List<TestFunction> out = new ArrayList<>();
        for (Supplier<TestFunction> s : REGISTRY.values()) {
            out.add(s.get());
        }
        return out;
    }

    /** The registered names, in the order of {@link #all()}. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /**
     * The function with this name ({@code himmelblau}, {@code ravine:kappa=1000}, ...), case-insensitive.
     *
     * @throws IllegalArgumentException naming the known functions when there is none
     */
    public static TestFunction get(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        int colon = key.indexOf(':');
        if (colon >= 0) {
            String base = key.substring(0, colon);
            if (!base.equals("ravine")) {
                throw new IllegalArgumentException("function '" + base + "' takes no parameters (only ravine does: "
                        + "ravine:kappa=1000)");
            }
            return ravine(parseKappa(key.substring(colon + 1)));
        }
        Supplier<TestFunction> s = REGISTRY.get(key);
        if (s == null) {
            throw new IllegalArgumentException("unknown function '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return s.get();
    }

    private static double parseKappa(String spec) {
        int eq = spec.indexOf('=');
        String key = eq < 0 ? "" : spec.substring(0, eq).strip();
        if (eq < 0 || !(key.equals("kappa") || key.equals("κ") || key.equals("k"))) {
            throw new IllegalArgumentException("ravine takes one parameter, kappa: write ravine:kappa=1000, got 'ravine:"
                    + spec + "'");
        }
        double kappa;
        try {
            kappa = Double.parseDouble(spec.substring(eq + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ravine: kappa must be a number, got '" + spec.substring(eq + 1) + "'");
        }
        if (!(kappa > 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException("ravine: kappa must be a positive finite number, got " + spec.substring(eq + 1));
        }
        return kappa;
    }

    // ------------------------------------------------------------------ the functions

    /** The notes' one-dimensional example x² sin x; it is odd, so unbounded both ways. */
    public static TestFunction x2sinx() {
        return ExprFunction.builder("x2sinx", "x^2*sin(x)", "x")
                .description("the notes' 1-D example: slope 2x sin x + x^2 cos x, -14.808 at the start x = 3.6; "
                        + "odd, unbounded below; a flat inflection (degenerate point) at 0")
                .domain(Box.of(-6, 6))
                .point(MAXIMUM, -5.08698509410227, 24.08296022306833)
                .point(MINIMUM, -2.2889297281034042, -3.9453016252843254)
                .point(DEGENERATE, 0, 0)
                .point(MAXIMUM, 2.2889297281034042, 3.9453016252843254)
                .point(MINIMUM, 5.08698509410227, -24.08296022306833)
                .allListed()
                .build();
    }

    /** The notes' convex bowl J(θ1, θ2) = θ1² + θ2², written in x and y. */
    public static TestFunction bowl() {
        return ExprFunction.builder("bowl", "x^2 + y^2", "x", "y")
                .description("the notes' convex bowl J(t1, t2) = t1^2 + t2^2 (here x, y): gradient (2x, 2y), one minimum")
                .domain(Box.cube(-2, 2, 2))
                .point(MINIMUM, 0, 0, 0)
                .allListed()
                .globalMinimum(0, 0, 0)
                .build();
    }

    /**
     * The ill-conditioned quadratic ½(x² + κy²): Hessian diag(1, κ). Gradient descent oscillates
     * across y when lr·κ > 1 and diverges when lr·κ > 2.
     */
    public static TestFunction ravine(double kappa) {
        if (!(kappa > 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException("ravine: kappa must be a positive finite number, got " + kappa);
        }
        String k = Numbers.format(kappa);
        String name = kappa == DEFAULT_KAPPA ? "ravine" : "ravine:kappa=" + k;
        return ExprFunction.builder(name, "0.5*(x^2 + " + k + "*y^2)", "x", "y")
                .description("ill-conditioned quadratic, Hessian diag(1, " + k + "), condition number " + k
                        + ": gradient descent zig-zags across y when lr*" + k + " > 1 and diverges above lr = 2/" + k)
                .domain(Box.of(-2, 2, -1, 1))
                .point(MINIMUM, 0, 0, 0)
                .allListed()
                .globalMinimum(0, 0, 0)
                .build();
    }

    /** Rosenbrock's banana valley (a = 1, b = 100). */
    public static TestFunction rosenbrock() {
        return ExprFunction.builder("rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2", "x", "y")
                .description("curved flat valley y = x^2; Hessian eigenvalues 0.399 and 1001.6 at the minimum "
                        + "(condition number ~2508), so plain GD needs lr < 0.002")
                .domain(Box.of(-2, 2, -1, 3))
                .point(MINIMUM, 1, 1, 0)
                .allListed()
                .globalMinimum(1, 1, 0)
                .build();
    }

    /** Beale's function: flat plateaus and steep walls. */
    public static TestFunction beale() {
        return ExprFunction.builder("beale",
                        "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2", "x", "y")
                .description("flat plateaus and steep walls; constant 14.203125 along the line x = 0")
                .domain(Box.cube(-4.5, 4.5, 2))
                .point(MINIMUM, 3, 0.5, 0)
                .point(SADDLE, 0.10053793732415836, -2.644513585023125, 9.86451228475556)
                .point(SADDLE, 0, 1, 14.203125)
                .allListed()
                .globalMinimum(3, 0.5, 0)
                .build();
    }

    /** Himmelblau's function: four equal minima, one maximum, four saddles, all nondegenerate. */
    public static TestFunction himmelblau() {
        return ExprFunction.builder("himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "x", "y")
                .description("four equal minima (f = 0), one maximum and four saddles: where you start decides "
                        + "which minimum you reach")
                .domain(Box.cube(-5, 5, 2))
                .point(MINIMUM, 3, 2, 0)
                .point(MINIMUM, -2.805118086952745, 3.131312518250573, 0)
                .point(MINIMUM, -3.779310253377747, -3.283185991286169, 0)
                .point(MINIMUM, 3.5844283403304917, -1.8481265269644036, 0)
                .point(MAXIMUM, -0.2708445906673476, -0.9230385564799815, 181.6165215225827)
                .point(SADDLE, 3.385154183607021, 0.07385187983774932, 13.311926270405587)
                .point(SADDLE, 0.08667750455539634, 2.884254701174776, 67.71915008752613)
                .point(SADDLE, -3.0730257507643897, -0.08135304428796747, 104.01516291755811)
                .point(SADDLE, -0.12796134673068005, -1.9537149802445766, 178.33723920192745)
                .allListed()
                .globalMinimum(3, 2, 0)
                .build();
    }

    /** The plain saddle x² − y². */
    public static TestFunction saddle() {
        return ExprFunction.builder("saddle", "x^2 - y^2", "x", "y")
                .description("the plain saddle: a valley along x, a ridge along y; the gradient vanishes at 0 "
                        + "but it is no minimum; unbounded below")
                .domain(Box.cube(-2, 2, 2))
                .point(SADDLE, 0, 0, 0)
                .allListed()
                .build();
    }

    /** The monkey saddle x³ − 3xy²: a critical point with a zero Hessian. */
    public static TestFunction monkeySaddle() {
        return ExprFunction.builder("monkey-saddle", "x^3 - 3*x*y^2", "x", "y")
                .description("three valleys meet at the origin, where the Hessian is zero: the second-derivative "
                        + "test is inconclusive (degenerate); unbounded below")
                .domain(Box.cube(-2, 2, 2))
                .point(DEGENERATE, 0, 0, 0)
                .allListed()
                .build();
    }

    /** Rastrigin's function in two dimensions: a lattice of local minima near the integers. */
    public static TestFunction rastrigin() {
        return ExprFunction.builder("rastrigin", "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)", "x", "y")
                .description("an egg crate: 121 local minima near the integer points of the domain (441 critical "
                        + "points in all); listed: a selection")
                .domain(Box.cube(-5.12, 5.12, 2))
                .point(MINIMUM, 0, 0, 0)
                .point(MINIMUM, 0.9949586376523348, 0, 0.9949590570932916)
                .point(MINIMUM, 0.9949586376523348, 0.9949586376523348, 1.9899181141865832)
                .point(SADDLE, 0.5025460365546747, 0, 20.251272990990113)
                .point(MAXIMUM, 0.5025460365546747, 0.5025460365546747, 40.50254598198023)
                .globalMinimum(0, 0, 0)
                .build();
    }

    /** Ackley's function (a = 20, b = 0.2, c = 2π). */
    public static TestFunction ackley() {
        return ExprFunction.builder("ackley",
                        "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + 20 + e", "x", "y")
                .description("many shallow local minima on a nearly flat outer region; the global minimum at 0 is a "
                        + "kink (sqrt of r^2), where the gradient is undefined (NaN); listed: a selection")
                .domain(Box.cube(-5, 5, 2))
                .point(MINIMUM, 0, 0, 0)
                .point(MINIMUM, 0.9521665459501717, 0, 2.579927557029873)
                .point(SADDLE, 0.6257806168564638, 0, 3.2524692451131796)
                .point(MINIMUM, 0.968477658707725, 0.968477658707725, 3.57445187725768)
                .point(MAXIMUM, 0.6730965201107377, 0.6730965201107377, 4.608932401890218)
                .globalMinimum(0, 0, 0)
                .build();
    }

    /** Styblinski–Tang in two dimensions. */
    public static TestFunction styblinskiTang() {
        return ExprFunction.builder("styblinski-tang", "0.5*(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)", "x", "y")
                .description("a separable quartic: per axis a deep well at -2.9035 and a shallower one at 2.7468, "
                        + "so 4 minima, 4 saddles and 1 maximum")
                .domain(Box.cube(-5, 5, 2))
                .point(MINIMUM, -2.903534027771177, -2.903534027771177, -78.33233140754284)
                .point(MINIMUM, -2.903534027771177, 2.746802770990837, -64.19561235905536)
                .point(MINIMUM, 2.746802770990837, -2.903534027771177, -64.19561235905536)
                .point(MINIMUM, 2.746802770990837, 2.746802770990837, -50.05889331056788)
                .point(SADDLE, -2.903534027771177, 0.1567312567803401, -38.97055334471605)
                .point(SADDLE, 0.1567312567803401, -2.903534027771177, -38.97055334471605)
                .point(SADDLE, 0.1567312567803401, 2.746802770990837, -24.833834296228584)
                .point(SADDLE, 2.746802770990837, 0.1567312567803401, -24.833834296228584)
                .point(MAXIMUM, 0.1567312567803401, 0.1567312567803401, 0.3912247181107161)
                .allListed()
                .globalMinimum(-2.903534027771177, -2.903534027771177, -78.33233140754284)
                .build();
    }

    /** The six-hump camel: six minima, two of them global. */
    public static TestFunction sixHumpCamel() {
        return ExprFunction.builder("six-hump-camel", "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2", "x", "y")
                .description("six minima (two global), seven saddles and two maxima, symmetric under (x, y) -> (-x, -y)")
                .domain(Box.of(-3, 3, -2, 2))
                .point(MINIMUM, 0.08984201310031806, -0.7126564030207396, -1.0316284534898774)
                .point(MINIMUM, -0.08984201310031806, 0.7126564030207396, -1.0316284534898774)
                .point(MINIMUM, 1.703606714969981, -0.7960835686726252, -0.21546382438371836)
                .point(MINIMUM, -1.703606714969981, 0.7960835686726252, -0.21546382438371836)
                .point(MINIMUM, 1.6071047529201972, 0.5686514548841314, 2.104250310311258)
                .point(MINIMUM, -1.6071047529201972, -0.5686514548841314, 2.104250310311258)
                .point(SADDLE, 0, 0, 0)
                .point(SADDLE, 1.1092053368047863, -0.7682680925095399, 0.543718600978185)
                .point(SADDLE, -1.1092053368047863, 0.7682680925095399, 0.543718600978185)
                .point(SADDLE, 1.6380679841897785, 0.22867406904439405, 2.2293571975307147)
                .point(SADDLE, -1.6380679841897785, -0.22867406904439402, 2.2293571975307147)
                .point(SADDLE, 1.2960702671671094, 0.6050843880386585, 2.2294708180298604)
                .point(SADDLE, -1.2960702671671094, -0.6050843880386585, 2.2294708180298604)
                .point(MAXIMUM, 1.2302298765166524, 0.16233458445899493, 2.496295351023577)
                .point(MAXIMUM, -1.2302298765166524, -0.16233458445899493, 2.496295351023577)
                .allListed()
                .globalMinimum(0.08984201310031806, -0.7126564030207396, -1.0316284534898774)
                .build();
    }

    /** Goldstein–Price: a minimum of 3 in a landscape that spans six orders of magnitude. */
    public static TestFunction goldsteinPrice() {
        return ExprFunction.builder("goldstein-price",
                        "(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))"
                                + "*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))", "x", "y")
                .description("values from 3 to ~1e6 over the domain; all nine critical points sit at exact decimals "
                        + "with integer values (4 minima, 4 saddles, 1 maximum)")
                .domain(Box.cube(-2, 2, 2))
                .point(MINIMUM, 0, -1, 3)
                .point(MINIMUM, -0.6, -0.4, 30)
                .point(SADDLE, -0.4, -0.6, 35)
                .point(MINIMUM, 1.8, 0.2, 84)
                .point(SADDLE, 1.2, -0.2, 99)
                .point(MINIMUM, 1.2, 0.8, 840)
                .point(SADDLE, 1.4, 0.6, 980)
                .point(SADDLE, 0.6, 0.4, 990)
                .point(MAXIMUM, 0.8, 0.2, 1155)
                .allListed()
                .globalMinimum(0, -1, 3)
                .build();
    }

    /**
     * A tilted double well: coming from the right, a shallow pit (x ≈ 0.96, f ≈ 0.294) lies before
     * a deeper one (x ≈ −1.036, f ≈ −0.305).
     */
    public static TestFunction twoPits() {
        return ExprFunction.builder("two-pits", "(x^2 - 1)^2 + 0.3*x", "x")
                .description("a shallow pit before a deep one: from x = 2 with lr 0.01, plain GD stops in the "
                        + "shallow pit while momentum 0.9 rolls across it into the deep one")
                .domain(Box.of(-2, 2))
                .point(MINIMUM, -1.0355787140888537, -0.305428483743916)
                .point(MAXIMUM, 0.07542915856974822, 1.011282002715653)
                .point(MINIMUM, 0.9601495555191055, 0.29414648102826285)
                .allListed()
                .globalMinimum(-1.0355787140888537, -0.305428483743916)
                .demo(new DescentDemo(new double[] {2}, 0.01, 0.9, 500,
                        "plain GD stops in the shallow pit at x = 0.960; SGD with momentum 0.9 crosses it and "
                                + "settles in the deep pit at x = -1.036"))
                .build();
    }

    /** Two Gaussian wells on a gentle bowl: a shallow basin beside a deeper one. */
    public static TestFunction twoBasins() {
        return ExprFunction.builder("two-basins",
                        "0.1*(x^2 + y^2) - exp(-((x - 1)^2 + (y - 0.5)^2)) - 2*exp(-((x + 1.2)^2 + (y + 0.6)^2))",
                        "x", "y")
                .description("a shallow basin (f = -0.894) beside a deeper one (f = -1.832), joined by a saddle: "
                        + "from (3, 1.5) with lr 0.1, plain GD stays in the shallow basin, momentum 0.9 reaches the deep one")
                .domain(Box.cube(-3, 3, 2))
                .point(MINIMUM, -1.1392515158479735, -0.5696257579239867, -1.8318366325266355)
                .point(MINIMUM, 0.891616816090535, 0.4458084080452675, -0.8944855327678741)
                .point(SADDLE, 0.09758477135341401, 0.04879238567670695, -0.6039223749898041)
                .allListed()
                .globalMinimum(-1.1392515158479735, -0.5696257579239867, -1.8318366325266355)
                .demo(new DescentDemo(new double[] {3, 1.5}, 0.1, 0.9, 500,
                        "plain GD stays in the shallow basin near (0.89, 0.45); SGD with momentum 0.9 crosses the "
                                + "saddle and settles in the deep basin near (-1.14, -0.57)"))
                .build();
    }
}
