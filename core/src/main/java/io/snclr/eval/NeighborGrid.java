package io.snclr.eval;

import io.snclr.files.AtomicFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The neighbour display of SNCLR's Fig. 3/4: one row per query, the query first, then its neighbours ranked by
 * positiveness, each with its score and class under it; a green border marks a neighbour of the query's class, a red
 * one a different class (grey when a label is unknown). Written as PNG, atomically.
 */
public final class NeighborGrid {
    private static final int TILE = 84, BORDER = 4, CAPTION = 30, GAP = 6, QUERY_GAP = 18;
    private static final Color SAME = new Color(0x2ca02c), OTHER = new Color(0xd62728), NEUTRAL = new Color(0x999999);

    /**
     * One image of the grid.
     *
     * @param chw uint8 pixels, channel-major
     * @param sameClass true/false against the query, null for the query itself or an unknown label
     */
    public record Tile(
            byte[] chw, int channels, int height, int width, String line1, String line2, Boolean sameClass) {}

    private NeighborGrid() {}

    public static void writePng(Path file, List<List<Tile>> rows) {
        int cols = rows.stream().mapToInt(List::size).max().orElse(1);
        int cell = TILE + 2 * BORDER;
        int w = GAP + cols * (cell + GAP) + QUERY_GAP, h = GAP + rows.size() * (cell + CAPTION + GAP);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int r = 0; r < rows.size(); r++) {
            int y = GAP + r * (cell + CAPTION + GAP);
            for (int c = 0; c < rows.get(r).size(); c++) {
                int x = GAP + c * (cell + GAP) + (c > 0 ? QUERY_GAP : 0);
                draw(g, rows.get(r).get(c), x, y, c == 0);
            }
        }
        g.dispose();
        AtomicFile.write(file, tmp -> ImageIO.write(img, "png", tmp.toFile()));
    }

    private static void draw(Graphics2D g, Tile t, int x, int y, boolean query) {
        Color border = query ? Color.BLACK : t.sameClass() == null ? NEUTRAL : t.sameClass() ? SAME : OTHER;
        g.setColor(border);
        g.setStroke(new BasicStroke(BORDER));
        g.fillRect(x, y, TILE + 2 * BORDER, TILE + 2 * BORDER);
        g.drawImage(scaled(t), x + BORDER, y + BORDER, TILE, TILE, null);
        g.setColor(Color.BLACK);
        g.drawString(t.line1(), x, y + TILE + 2 * BORDER + 12);
        g.drawString(t.line2(), x, y + TILE + 2 * BORDER + 25);
    }

    /** The tile's pixels as an RGB image at its own size (drawImage scales it, nearest-neighbour by default). */
    private static BufferedImage scaled(Tile t) {
        BufferedImage im = new BufferedImage(t.width(), t.height(), BufferedImage.TYPE_INT_RGB);
        int plane = t.height() * t.width();
        for (int yy = 0; yy < t.height(); yy++) {
            for (int xx = 0; xx < t.width(); xx++) {
                int p = yy * t.width() + xx;
                int r = t.chw()[p] & 0xff;
                int gg = t.channels() == 3 ? t.chw()[plane + p] & 0xff : r;
                int b = t.channels() == 3 ? t.chw()[2 * plane + p] & 0xff : r;
                im.setRGB(xx, yy, (r << 16) | (gg << 8) | b);
            }
        }
        return im;
    }
}
