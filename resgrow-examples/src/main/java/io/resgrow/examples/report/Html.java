package io.resgrow.examples.report;

import java.util.Base64;
import java.util.List;

/** The few pieces of HTML the report pages are made of, with every text escaped. */
public final class Html {

    private static final String STYLE = "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
            + "text-align:right}th{background:#f3f3f3}img{max-width:100%}pre{background:#f7f7f7;padding:8px;"
            + "overflow-x:auto}";

    private Html() {}

    /**
     * Escapes text for HTML.
     *
     * @param text the text
     * @return the escaped text
     */
    public static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /**
     * Returns a whole page.
     *
     * @param title the title
     * @param body the body's HTML
     * @return the page
     */
    public static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style></head><body>\n<h1>" + escape(title) + "</h1>\n" + body
                + "</body></html>\n";
    }

    /**
     * Returns a table.
     *
     * @param header the column titles
     * @param rows the rows' cells, as text
     * @return the table's HTML
     */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder("<table><tr>");
        header.forEach(h -> b.append("<th>").append(escape(h)).append("</th>"));
        b.append("</tr>\n");
        for (List<String> row : rows) {
            b.append("<tr>");
            row.forEach(c -> b.append("<td>").append(escape(c)).append("</td>"));
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    /**
     * Returns a section title.
     *
     * @param text the title
     * @return the heading's HTML
     */
    public static String heading(String text) {
        return "<h2>" + escape(text) + "</h2>\n";
    }

    /**
     * Returns preformatted text (the tables the strategies print).
     *
     * @param text the text
     * @return the HTML
     */
    public static String pre(String text) {
        return "<pre>" + escape(text) + "</pre>\n";
    }

    /**
     * Returns a PNG embedded in the page, so the page stands alone.
     *
     * @param png the image's bytes
     * @param alt the alternative text (the chart's title and series)
     * @return the image's HTML
     */
    public static String image(byte[] png, String alt) {
        return "<img alt=\"" + escape(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\">\n";
    }
}
