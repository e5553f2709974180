package io.snclr.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real files of Debian's dataset-fashion-mnist (.ci/run installs it). */
class FashionMnistTest {
    static final Path DIR = FashionMnist.DEFAULT_DIR;

    @Test
    void readsTheRealTrainingAndTestSplits() {
        ImageSet train = FashionMnist.load(DIR, FashionMnist.Split.TRAIN);
        ImageSet test = FashionMnist.load(DIR, FashionMnist.Split.TEST);
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(28, train.height());
        int[] counts = new int[10];
        for (int l : train.labels()) counts[l]++;
        int[] sixThousand = new int[10];
        Arrays.fill(sixThousand, 6000);
        assertArrayEquals(sixThousand, counts, "Fashion-MNIST has 6000 training images per class");
        int nonZero = 0;
        for (int i = 0; i < 784; i++) if (train.gather(new int[] {0})[i] != 0) nonZero++;
        assertTrue(nonZero > 100, "the first image has ink");
    }

    @Test
    void aHoldoutSplitIsTakenFromTheTrainingImagesTheSameForEverySeed() {
        DataConfig d = DataConfig.DEFAULT.withLimits(0, 0, 600);
        ImageSet train = new DataSplits(d).train(1),
                heldOut = new DataSplits(d).test(1, train),
                heldOutOtherSeed = new DataSplits(d).test(2, new DataSplits(d).train(2));
        assertEquals(60_000 - 600, train.size());
        assertEquals(600, heldOut.size());
        int[] perClass = new int[10];
        for (int l : heldOut.labels()) perClass[l]++;
        for (int c : perClass) assertEquals(60, c, "class-balanced");
        assertArrayEquals(
                heldOut.gather(new int[] {0, 599}),
                heldOutOtherSeed.gather(new int[] {0, 599}),
                "every seed is scored on the same images");
        // no held-out image is also a training image: compare pixels against the training split
        Set<Integer> seen = new HashSet<>();
        int px = 28 * 28;
        byte[] all = train.gather(IntStream.range(0, train.size()).toArray());
        for (int i = 0; i < train.size(); i++) seen.add(Arrays.hashCode(Arrays.copyOfRange(all, i * px, (i + 1) * px)));
        byte[] held = heldOut.gather(IntStream.range(0, 600).toArray());
        int shared = 0;
        for (int i = 0; i < 600; i++)
            if (seen.contains(Arrays.hashCode(Arrays.copyOfRange(held, i * px, (i + 1) * px)))) shared++;
        assertTrue(
                shared <= 3, shared + " held-out images also in training (Fashion-MNIST has a few exact duplicates)");
    }

    @Test
    void aTruncatedCopyFailsWithOneLineNamingTheFile(@TempDir Path tmp) throws IOException {
        byte[] whole = Files.readAllBytes(DIR.resolve("t10k-images-idx3-ubyte.gz"));
        Path cut = tmp.resolve("t10k-images-idx3-ubyte.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        Files.copy(DIR.resolve("t10k-labels-idx1-ubyte.gz"), tmp.resolve("t10k-labels-idx1-ubyte.gz"));
        DataFormatException e =
                assertThrows(DataFormatException.class, () -> FashionMnist.load(tmp, FashionMnist.Split.TEST));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated inside the data"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    /** 16 flipped bytes in the compressed labels: gzip's CRC-32 catches what would otherwise be wrong labels. */
    @Test
    void flippedBytesAreCaughtByTheGzipCheck(@TempDir Path tmp) throws IOException {
        byte[] labels = Files.readAllBytes(DIR.resolve("t10k-labels-idx1-ubyte.gz"));
        for (int i = 0; i < 16; i++) labels[labels.length / 2 + i] ^= 0x01;
        Path bad = tmp.resolve("t10k-labels-idx1-ubyte.gz");
        Files.write(bad, labels);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(bad));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aMissingOrForeignFileIsNamed(@TempDir Path tmp) throws IOException {
        DataFormatException missing =
                assertThrows(DataFormatException.class, () -> FashionMnist.load(tmp, FashionMnist.Split.TRAIN));
        assertTrue(missing.getMessage().contains("train-images-idx3-ubyte.gz"));
        Files.writeString(tmp.resolve("train-images-idx3-ubyte.gz"), "not an idx file at all");
        DataFormatException foreign =
                assertThrows(DataFormatException.class, () -> FashionMnist.load(tmp, FashionMnist.Split.TRAIN));
        assertTrue(foreign.getMessage().contains("not an unsigned-byte IDX file"), foreign.getMessage());
    }

    @Test
    void classBalancedSubsetIsBalancedAndDeterministic() {
        ImageSet train = FashionMnist.load(DIR, FashionMnist.Split.TRAIN);
        int[] a = Subsets.classBalanced(train.labels(), 10, 1000, 3);
        assertArrayEquals(a, Subsets.classBalanced(train.labels(), 10, 1000, 3));
        int[] counts = new int[10];
        for (int i : a) counts[train.labels()[i]]++;
        for (int c : counts) assertEquals(100, c);
        assertTrue(!Arrays.equals(a, Subsets.classBalanced(train.labels(), 10, 1000, 4)));
    }
}
