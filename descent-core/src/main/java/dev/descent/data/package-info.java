/**
 * Data: {@link dev.descent.data.Dataset}s of examples, the {@link dev.descent.data.DataLoader} that
 * cuts them into reproducibly shuffled, prefetched {@link dev.descent.data.Batch}es, image
 * {@link dev.descent.data.Transforms}, readers for IDX (MNIST, Fashion-MNIST), CIFAR-10 binary and
 * numeric CSV files, {@link dev.descent.data.Datasets} to find them on disk, and
 * {@link dev.descent.data.Synthetic} sets generated from a seed.
 *
 * <pre>{@code
 * Datasets.TrainTest fm = Datasets.fashionMnist();          // apt-get install dataset-fashion-mnist
 * Datasets.Split s = Datasets.trainValidationSplit(fm.train(), 0.1, 42);
 * try (DataLoader loader = DataLoader.builder(s.train()).batchSize(128).shuffle(true).seed(42).build()) {
 *     for (Batch b : loader) {
 *         // b.x(): [128, 1, 28, 28] in [0, 1]; b.y(): [128] class indices as floats
 *     }
 * }
 * }</pre>
 */
package dev.descent.data;
