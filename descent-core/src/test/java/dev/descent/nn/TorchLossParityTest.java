package dev.descent.nn;

import dev.descent.ops.Losses;
import dev.descent.ops.Reduction;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss against {@code torch.nn.functional} 1.13 (fixtures of
 * {@code scripts/torch_fixtures/nn_fixtures.py}): value for each reduction and the gradients of the
 * input and of float targets (probability targets, regression targets, BCE targets), within 1e-10
 * (float64) or 1e-5 (float32) relative error. Class indices, class weights, {@code weight} and
 * {@code pos_weight} are constants, as in torch 1.13 (which cannot differentiate pos_weight).
 */
class TorchLossParityTest {
    static Stream<Arguments> losses() {
        return TorchFixtures.cases("loss");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("losses")
    void matchesPyTorch(String name, DType dtype, TorchFixtures.Case c) {
        Map<String, Tensor> in = c.inputs(dtype);
        Tensor out = loss(c.type(), c.args(), in);
        Map<String, Tensor> outputs = Map.of("output", out);
        c.backward(dtype, outputs);
        c.checkOutputsAndInputGrads(dtype, outputs, in);
    }

    private static Tensor loss(String type, Map<String, Object> args, Map<String, Tensor> in) {
        Tensor x = in.get("input");
        Tensor y = in.get("target");
        Reduction r = Reduction.parse((String) args.get("reduction"));
        return switch (type) {
            case "cross_entropy" -> Losses.crossEntropy(x, y, in.get("weight"), num(args, "ignore_index").intValue(),
                    num(args, "label_smoothing").doubleValue(), r);
            case "nll_loss" -> Losses.nllLoss(x, y, in.get("weight"), num(args, "ignore_index").intValue(), r);
            case "mse_loss" -> Losses.mse(x, y, r);
            case "l1_loss" -> Losses.l1(x, y, r);
            case "huber_loss" -> Losses.huber(x, y, num(args, "delta").doubleValue(), r);
            case "smooth_l1_loss" -> Losses.smoothL1(x, y, num(args, "beta").doubleValue(), r);
            case "binary_cross_entropy_with_logits" ->
                    Losses.binaryCrossEntropyWithLogits(x, y, in.get("weight"), in.get("pos_weight"), r);
            default -> throw new IllegalArgumentException("no Descent loss for torch's '" + type + "'");
        };
    }

    private static Number num(Map<String, Object> args, String key) {
        return (Number) args.get(key);
    }

    @AfterAll
    static void printWorstErrors() {
        System.out.print(TorchFixtures.worstReport("loss"));
    }
}
