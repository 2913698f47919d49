package dev.descent.kernel;

import java.util.function.Function;

/**
 * The last few plans built for convolution geometries, so that a training step, which meets the same
 * dozen shapes every time, builds each plan (tables of tap offsets) once instead of on every call. The
 * batch size is not part of the key: a plan describes one image.
 *
 * <p>Shared by all threads without locking on the read side: an entry is an immutable pair published
 * through a final field, so a reader sees either nothing or a complete entry; a lost write only costs
 * a rebuild.
 *
 * @param <P> the plan type (immutable)
 */
final class ConvPlanCache<P> {
    private record Entry<P>(ConvShape shape, P plan) {}

    private final Entry<?>[] recent = new Entry<?>[16];
    private int next;

    /** The plan of {@code g}: a cached one of the same geometry, or {@code build(g)}, then cached. */
    @SuppressWarnings("unchecked")
    P get(ConvShape g, Function<ConvShape, P> build) {
        for (Entry<?> e : recent) {
            if (e != null && sameGeometry(e.shape(), g)) {
                return (P) e.plan();
            }
        }
        P plan = build.apply(g);
        synchronized (this) {
            recent[next] = new Entry<>(g, plan);
            next = (next + 1) % recent.length;
        }
        return plan;
    }

    /** Equal in everything but the batch size. */
    private static boolean sameGeometry(ConvShape a, ConvShape b) {
        return a.c() == b.c() && a.h() == b.h() && a.w() == b.w() && a.cout() == b.cout() && a.groups() == b.groups()
                && a.kh() == b.kh() && a.kw() == b.kw() && a.sh() == b.sh() && a.sw() == b.sw() && a.ph() == b.ph()
                && a.pw() == b.pw() && a.dh() == b.dh() && a.dw() == b.dw() && a.oh() == b.oh() && a.ow() == b.ow();
    }
}
