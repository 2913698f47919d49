/**
 * Ready-made networks: {@link dev.descent.nn.zoo.Mlp}, {@link dev.descent.nn.zoo.LeNet5},
 * {@link dev.descent.nn.zoo.Vgg}, the CIFAR {@link dev.descent.nn.zoo.ResNet}s with their plain
 * twins, {@link dev.descent.nn.zoo.TransformerClassifier} and {@link dev.descent.nn.zoo.LstmClassifier},
 * and {@link dev.descent.nn.zoo.ModelZoo} to create them by name.
 *
 * <pre>{@code
 * Module resnet = ResNet.cifar(20);                                    // 269,722 parameters
 * Module plain = new ResNet(20, 3, 10, ResNet.Shortcut.A, false, DType.FLOAT32, new Generator(0));
 * Module byName = ModelZoo.create("resnet20-noskip", new int[] {1, 28, 28}, 10);
 * }</pre>
 */
package dev.descent.nn.zoo;
