#include "chart_style.h"

#include <QApplication>

#include <qcustomplot.h>

#include <algorithm>

namespace ds::ui {

namespace {
constexpr double kSmall = 0.9;  // tick labels and annotations, relative to the axis labels

QFont sized(const QFont& font, double factor, bool bold) {
    QFont f = font;
    f.setPointSizeF(std::max(1.0, font.pointSizeF() * factor));
    f.setBold(bold);
    return f;
}
}  // namespace

void applyChartFont(QCustomPlot* plot, const QFont& font) {
    const QFont small = sized(font, kSmall, false);
    for (QCPAxisRect* rect : plot->axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            axis->setTickLabelFont(small);
            axis->setSelectedTickLabelFont(small);
            axis->setLabelFont(font);
            axis->setSelectedLabelFont(font);
        }
    }
    plot->legend->setFont(small);
    plot->legend->setSelectedFont(small);
    for (int i = 0; i < plot->legend->itemCount(); ++i) plot->legend->item(i)->setFont(small);
    for (QCPLayoutElement* e : plot->plotLayout()->elements(/*recursive=*/true))
        if (auto* title = qobject_cast<QCPTextElement*>(e))
            title->setFont(sized(font, 1.0, title->font().bold()));
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i)))
            text->setFont(sized(font, kSmall, text->font().bold()));
}

double markScale(const QFont& font) {
    const double base = QApplication::font().pointSizeF();
    return base > 0 && font.pointSizeF() > 0 ? std::max(0.5, font.pointSizeF() / base) : 1.0;
}

}  // namespace ds::ui
