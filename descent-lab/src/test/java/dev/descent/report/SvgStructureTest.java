package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgStructureTest {

    static List<Kinds.Kind> kinds() {
        return Kinds.all();
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> groups(Document doc, String cssClass) {
        List<Element> out = new ArrayList<>();
        NodeList gs = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if (cssClass.equals(g.getAttribute("class"))) {
                out.add(g);
            }
        }
        return out;
    }

    static List<String> texts(Element e) {
        List<String> out = new ArrayList<>();
        NodeList ts = e.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < ts.getLength(); i++) {
            out.add(ts.item(i).getTextContent());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void svgParsesAndHasAxesSeriesAndLegend(Kinds.Kind kind) throws Exception {
        Document doc = parse(kind.figure().toSvg());
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(Integer.toString(kind.figure().width()), root.getAttribute("width"));
        assertEquals(Integer.toString(kind.figure().height()), root.getAttribute("height"));

        List<Element> axes = groups(doc, "axes");
        assertEquals(1, axes.size(), kind + ": one axes group");
        assertFalse(texts(axes.getFirst()).isEmpty(), kind + ": axes carry tick labels as real text");

        assertEquals(kind.series(), groups(doc, "series").size(), kind + ": series groups");

        List<String> legend = new ArrayList<>();
        for (Element e : groups(doc, "legend-entry")) {
            legend.add(e.getAttribute("data-name"));
            assertEquals(List.of(e.getAttribute("data-name")), texts(e), "the entry's text is its label");
        }
        assertEquals(kind.legend(), legend, kind + ": legend labels");
        assertEquals(kind.legend().isEmpty() ? 0 : 1, groups(doc, "legend").size());
    }

    @Test
    void seriesGroupsAreNamedAfterTheirSeries() throws Exception {
        Document doc = parse(Kinds.all().get(0).figure().toSvg());
        List<String> names = groups(doc, "series").stream().map(e -> e.getAttribute("data-name")).toList();
        assertEquals(SampleData.race().stream().map(Trajectory::name).toList(), names);
    }

    @Test
    void titleAndAwkwardTextAreEscapedNotBroken() throws Exception {
        String title = "a < b & \"c\" > 'd'";
        Document doc = parse(new LinePlot().title(title).series(new Series("<x>", new double[] {0, 1}, new double[] {1, 2})).toSvg());
        assertEquals(List.of(title), texts(groups(doc, "title").getFirst()));
        assertEquals("<x>", groups(doc, "series").getFirst().getAttribute("data-name"));
    }

    @Test
    void contourLinesAreJoinedIntoFewPolylines() throws Exception {
        Grid bowl = Grid.sample((x, y) -> x * x + y * y, -1, 1, 41, -1, 1, 41);
        Document doc = parse(new ContourPlot(bowl).levels(Levels.of(0.25, 0.5)).toSvg());
        Element contours = groups(doc, "contours").getFirst();
        // Two circles, each one closed polyline rather than dozens of segments.
        assertEquals(2, contours.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").getLength());
    }

    @Test
    void surfaceHasOneSortedPolygonPerQuad() throws Exception {
        Grid bowl = Grid.sample((x, y) -> x * x + y * y, -1, 1, 11, -1, 1, 11);
        Document doc = parse(new SurfacePlot3D(bowl).toSvg());
        Element surface = groups(doc, "surface").getFirst();
        assertEquals(100, surface.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polygon").getLength());
        assertTrue(groups(doc, "panes").size() == 1 && groups(doc, "colorbar").size() == 1);
    }
}
