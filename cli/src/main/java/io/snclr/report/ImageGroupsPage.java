package io.snclr.report;

import io.snclr.files.AtomicFile;
import io.snclr.files.Html;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A page of image groups, each a heading and a row of thumbnails with captions: search results (a query and its
 * neighbours) and near-duplicate groups. Images are linked by their absolute file path, so the page works where
 * the images are; an item that is no file on this machine is shown as its caption.
 */
public final class ImageGroupsPage {
    /** One thumbnail: the image file (or a data-set item's name) and what is written under it. */
    public record Tile(String path, String caption) {}

    /** One group: its heading and its thumbnails. */
    public record Group(String heading, List<Tile> tiles) {}

    private ImageGroupsPage() {}

    public static void write(Path file, String title, String intro, List<Group> groups) {
        StringBuilder page = new StringBuilder(
                        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(title))
                .append("</title><style>body{font-family:sans-serif;margin:1.5em}figure{display:inline-block;")
                // every thumbnail in a box of one size, small images (28 px data sets) enlarged to fill it
                .append("margin:4px;text-align:center}img{width:110px;height:110px;object-fit:contain;")
                .append("background:#f4f4f4;border:1px solid #ccc}")
                .append("figcaption{font-size:0.8em;max-width:112px;overflow:hidden;text-overflow:ellipsis;")
                .append("white-space:nowrap}</style></head><body>\n<h1>")
                .append(Html.escape(title))
                .append("</h1>\n<p>")
                .append(Html.escape(intro))
                .append("</p>\n");
        for (Group g : groups) {
            page.append("<h2>").append(Html.escape(g.heading())).append("</h2><div>");
            for (Tile t : g.tiles()) page.append(tile(t));
            page.append("</div>\n");
        }
        AtomicFile.writeString(file, page.append("</body></html>\n").toString());
    }

    private static String tile(Tile t) {
        Path p = Path.of(t.path());
        String caption =
                "<figcaption title=\"" + Html.escape(t.path()) + "\">" + Html.escape(t.caption()) + "</figcaption>";
        if (!Files.isRegularFile(p)) return "<figure>" + caption + "</figure>";
        return "<figure><img src=\"" + Html.escape(p.toAbsolutePath().toUri().toString()) + "\" alt=\""
                + Html.escape(t.caption()) + "\">" + caption + "</figure>";
    }
}
