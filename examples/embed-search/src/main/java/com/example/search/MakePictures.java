package com.example.search;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Draws args[1] small PNG pictures (a shape on a background) into args[0], for trying the example without photos. */
public final class MakePictures {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        Random random = new Random(7);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(random.nextInt(0x1000000)));
            g.fillRect(0, 0, 48, 48);
            g.setColor(new Color(random.nextInt(0x1000000)));
            int x = random.nextInt(20), y = random.nextInt(20), size = 12 + random.nextInt(16);
            if (i % 2 == 0) g.fillOval(x, y, size, size);
            else g.fillRect(x, y, size, size);
            g.dispose();
            ImageIO.write(image, "png", dir.resolve(String.format("picture-%03d.png", i)).toFile());
        }
    }
}
