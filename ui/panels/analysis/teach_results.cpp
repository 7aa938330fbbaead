#include "teach_results.h"

#include <QEvent>
#include <QPainter>

#include <qcustomplot.h>

#include <algorithm>

#include "chart_style.h"

namespace ds::ui {

namespace {
const QColor kDark(8, 81, 156);  // the diagonal of a good head
}

ConfusionGrid::ConfusionGrid(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void ConfusionGrid::setMatrix(const QStringList& classes,
                              const std::vector<std::vector<int>>& matrix) {
    m_classes = classes;
    m_matrix = matrix;
    updateGeometry();
    update();
}

QString ConfusionGrid::emptyText() const {
    return tr("The confusion matrix appears after training.");
}

int ConfusionGrid::cellSide() const {
    const QFontMetrics fm(font());
    return std::max(fm.height() * 2, fm.horizontalAdvance(QStringLiteral("0000")) + 6);
}

int ConfusionGrid::labelWidth() const {
    const QFontMetrics fm(font());
    int w = fm.horizontalAdvance(tr("true class"));
    for (const QString& c : m_classes) w = std::max(w, fm.horizontalAdvance(c));
    return w + fm.averageCharWidth() * 2;
}

QSize ConfusionGrid::sizeHint() const {
    const QFontMetrics fm(font());
    const int n = int(m_classes.size());
    if (n == 0) {  // the placeholder, wrapped at about 24 characters: never clipped
        const QRect text = fm.boundingRect(QRect(0, 0, fm.averageCharWidth() * 24, 100000),
                                           Qt::AlignLeft | Qt::TextWordWrap, emptyText());
        return {text.width() + 2, text.height() + 2};
    }
    // Row labels on the left; column numbers (1..n) and "predicted" above the cells.
    return {labelWidth() + n * cellSide() + 2, fm.height() * 2 + n * cellSide() + 2};
}

void ConfusionGrid::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange || event->type() == QEvent::LanguageChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

void ConfusionGrid::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QFontMetrics fm(font());
    const int n = int(m_classes.size());
    if (n == 0 || int(m_matrix.size()) != n) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, emptyText());
        return;
    }
    const int side = cellSide(), left = labelWidth(), top = fm.height() * 2;
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(left, 0, n * side, fm.height()), Qt::AlignLeft, tr("predicted →"));
    p.drawText(QRect(0, fm.height(), left, fm.height()), Qt::AlignLeft, tr("true class"));
    for (int j = 0; j < n; ++j)
        p.drawText(QRect(left + j * side, fm.height(), side, fm.height()), Qt::AlignCenter,
                   QString::number(j + 1));
    for (int i = 0; i < n; ++i) {
        const QRect label(0, top + i * side, left - fm.averageCharWidth(), side);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(label, Qt::AlignRight | Qt::AlignVCenter,
                   QStringLiteral("%1 %2").arg(m_classes[i]).arg(i + 1));
        int rowTotal = 0;
        for (int v : m_matrix[size_t(i)]) rowTotal += v;
        for (int j = 0; j < n && j < int(m_matrix[size_t(i)].size()); ++j) {
            const int v = m_matrix[size_t(i)][size_t(j)];
            const double share = rowTotal > 0 ? double(v) / rowTotal : 0.0;
            const QColor fill = QColor::fromRgbF(1.0 - share * (1.0 - kDark.redF()),
                                                 1.0 - share * (1.0 - kDark.greenF()),
                                                 1.0 - share * (1.0 - kDark.blueF()));
            const QRect cell(left + j * side, top + i * side, side, side);
            p.fillRect(cell, fill);
            p.setPen(QColor(200, 200, 200));
            p.drawRect(cell.adjusted(0, 0, -1, -1));
            p.setPen(share > 0.5 ? Qt::white : (i != j && v > 0 ? QColor(180, 30, 30) : Qt::black));
            p.drawText(cell, Qt::AlignCenter, QString::number(v));
        }
    }
}

void setUpTeachCurve(QCustomPlot* plot) {
    plot->addGraph(plot->xAxis, plot->yAxis);
    plot->graph(0)->setPen(QPen(QColor(214, 96, 77), 2));
    plot->addGraph(plot->xAxis, plot->yAxis2);
    plot->graph(1)->setPen(QPen(kDark, 2));
    plot->yAxis2->setVisible(true);
    plot->yAxis2->setRange(0, 100);
    // Full-batch training settles in the first few epochs: a log scale shows them and the rest.
    plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    plot->yAxis->ticker()->setTickCount(4);
    plot->yAxis2->ticker()->setTickCount(4);
    // The legend in a row of its own under the axes, side by side: inside the axes it
    // covered the curve.
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->take(plot->legend);
    plot->plotLayout()->simplify();
    auto* row = new QCPLayoutGrid;
    plot->plotLayout()->addElement(1, 0, row);
    row->setMargins(QMargins(0, 0, 0, 0));
    row->addElement(0, 0, plot->legend);
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setBrush(Qt::NoBrush);
    plot->plotLayout()->setRowStretchFactor(1, 0.001);
    retranslateTeachCurve(plot);
}

void retranslateTeachCurve(QCustomPlot* plot) {
    plot->xAxis->setLabel(ConfusionGrid::tr("epoch (logarithmic scale)"));
    plot->yAxis->setLabel(ConfusionGrid::tr("training loss"));
    // Short: the legend under the axes names both curves (the long label was cut in a low plot).
    plot->yAxis2->setLabel(ConfusionGrid::tr("accuracy (%)"));
    plot->graph(0)->setName(ConfusionGrid::tr("training loss"));
    plot->graph(1)->setName(ConfusionGrid::tr("held-out accuracy"));
    plot->replot();
}

void showTeachCurve(QCustomPlot* plot, const std::vector<ds::EpochStats>& curve, int epochs) {
    QVector<double> x, loss, accuracyX, accuracy;
    double top = 0;
    for (const auto& e : curve) {
        x << e.epoch;
        loss << e.trainLoss;
        top = std::max(top, e.trainLoss);
        if (e.holdoutAccuracy >= 0) {
            accuracyX << e.epoch;
            accuracy << e.holdoutAccuracy * 100.0;
        }
    }
    plot->graph(0)->setData(x, loss, true);
    plot->graph(1)->setData(accuracyX, accuracy, true);
    plot->xAxis->setRange(1, std::max(epochs, 2));
    plot->yAxis->setRange(0, top > 0 ? top * 1.05 : 1.0);
    plot->yAxis2->setRange(0, 100);
    plot->replot();
}

}  // namespace ds::ui
