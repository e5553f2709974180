package io.snclr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Tensors;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class ResNetTest extends TorchTest {
    @Test
    void parameterCountsAndNamesMatchTorchvisionWithoutTheClassifier() {
        ResNet r18 = new ResNet(new ResNetConfig(18, 1.0, false, 3));
        assertEquals(11_689_512L - 513_000L, ModuleState.parameterCount(r18)); // torchvision resnet18 minus fc
        ResNet r50 = new ResNet(new ResNetConfig(50, 1.0, false, 3));
        assertEquals(25_557_032L - 2_049_000L, ModuleState.parameterCount(r50)); // torchvision resnet50 minus fc
        Map<String, Tensor> names = ModuleState.named(r50);
        for (String n : new String[] {
            "conv1.weight",
            "bn1.running_var",
            "layer1.0.conv3.weight",
            "layer1.0.downsample.0.weight",
            "layer4.2.bn3.bias",
            "layer2.0.downsample.1.num_batches_tracked"
        }) {
            assertTrue(names.containsKey(n), n);
        }
        assertEquals(2048, r50.featureDim());
    }

    @Test
    void cifarStemKeepsResolutionAndSurvivesGarbageCollection() throws InterruptedException {
        Encoder e = Encoders.create(new EncoderSpec("resnet18", 0.125, true, 1, 28));
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        e.module().train(true); // libtorch calls back into the Java peers of every container
        Tensor y = e.forward(Tensors.randn(Device.CPU, 2, 1, 28, 28));
        assertArrayEquals(new long[] {2, 64}, y.shape());
    }
}
