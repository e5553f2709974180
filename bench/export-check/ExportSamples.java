// Measurement aid, not part of the build: java -cp "cli/target/classes:cli/target/lib/*" bench/export-check/ExportSamples.java
// writes /tmp/scratch/{resnet18,resnet50,vit-small}.pth from random encoders and prints their outputs.
import io.snclr.model.*;
import io.snclr.engine.*;
import org.bytedeco.pytorch.*;
import java.nio.file.Path;
public class ExportSamples {
  public static void main(String[] a) throws Exception {
    for (String name : new String[]{"resnet18", "resnet50", "vit-small"}) {
      EncoderSpec spec = name.startsWith("vit") ? new EncoderSpec(name, 1.0, false, 3, 64, 16, true, true, VitRecipe.MOCOV3)
          : new EncoderSpec(name, 1.0, false, 3, 64);
      Encoder e = spec.create();
      // perturb BN stats so eval-mode differences show
      for (var t : ModuleState.named(e.module()).entrySet()) if (!t.getKey().endsWith("tracked") && (t.getKey().endsWith("running_var") || t.getKey().contains("bn"))) { try (NoGradGuard g = new NoGradGuard()) { t.getValue().uniform_(0.5, 1.5, null);} }
      e.module().eval();
      Path f = Path.of("/tmp/scratch/" + name + ".pth");
      java.nio.file.Files.deleteIfExists(f);
      var lines = EncoderExport.write(e, spec, name.startsWith("vit") ? WeightFormat.TIMM : WeightFormat.TORCHVISION, f);
      lines.forEach(System.out::println);
      Tensor x = Tensors.floats(new float[2*3*64*64], 2, 3, 64, 64);
      for (int i = 0; i < 2*3*64*64; i++) {}
      Tensor in = org.bytedeco.pytorch.global.torch.arange(new Scalar(2*3*64*64)).to(org.bytedeco.pytorch.global.torch.ScalarType.Float).div(new Scalar(2*3*64*64)).reshape(2,3,64,64);
      Tensor y;
      try (NoGradGuard g = new NoGradGuard()) { y = e.forward(in); }
      float[] out = Tensors.toFloats(y);
      System.out.println(name + " java " + out[0] + " " + out[1] + " " + out[out.length-1] + " sum " + y.sum().item_float());
    }
  }
}
