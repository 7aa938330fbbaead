#pragma once
// Two QCustomPlot pieces the charts need and QCustomPlot 2.1 lacks.
#include <QString>

#include <qcustomplot.h>

namespace ds::ui {

// A label centred over a span of keys [first, last] (a dense block in the growth chart). At
// paint time it shows the long text when it fits the span's width in pixels, else the short
// one, else nothing: neighbouring labels never overlap and are never cut, at any width or zoom.
class SpanLabel : public QCPItemText {
public:
    SpanLabel(QCustomPlot* plot, double first, double last, QString longText, QString shortText);
    // What the last paint showed (empty when nothing fitted).
    QString shownText() const { return m_shown; }

protected:
    void draw(QCPPainter* painter) override;

private:
    double m_first, m_last;
    QString m_long, m_short, m_shown;
};

// A graph whose marks may reach past the axis rect (the selection ring around a point at the
// top or the edge of the plot would otherwise be cut in half).
class UnclippedGraph : public QCPGraph {
public:
    using QCPGraph::QCPGraph;

protected:
    QRect clipRect() const override;
};

}  // namespace ds::ui
