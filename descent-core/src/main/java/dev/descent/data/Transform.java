package dev.descent.data;

import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * A change applied to a batch of features {@code [B, ...]}, possibly random. The {@link DataLoader}
 * calls it on each freshly assembled batch with a generator seeded from (loader seed, epoch, batch
 * index), so augmentation is reproducible and does not depend on the prefetch thread. A transform
 * may modify {@code batch} in place and return it.
 */
@FunctionalInterface
public interface Transform {
    /** Applies this transform; random choices come from {@code gen}, sample by sample in batch order. */
    Tensor apply(Tensor batch, Generator gen);

    /** This transform, then {@code next}, with the same generator. */
    default Transform andThen(Transform next) {
        return Transforms.compose(this, next);
    }
}
