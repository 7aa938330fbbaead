#pragma once
// The Teach tab's result views: the per-class confusion matrix as a grid of counts (rows: the
// true class, columns: the predicted one; each cell shaded by its share of the row, so a good
// head shows a dark diagonal), and the training curve (loss and held-out accuracy per epoch).
#include <QStringList>
#include <QWidget>

#include <vector>

#include "densescope/teach.h"

class QCustomPlot;

namespace ds::ui {

class ConfusionGrid : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionGrid(QWidget* parent = nullptr);
    void setMatrix(const QStringList& classes, const std::vector<std::vector<int>>& matrix);
    void clear() { setMatrix({}, {}); }
    const std::vector<std::vector<int>>& matrix() const { return m_matrix; }
    const QStringList& classes() const { return m_classes; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QString emptyText() const;
    int cellSide() const;
    int labelWidth() const;

    QStringList m_classes;
    std::vector<std::vector<int>> m_matrix;
};

// Sets up `plot` for the curve: loss on the left axis, held-out accuracy (%) on the right.
void setUpTeachCurve(QCustomPlot* plot);
// Shows `curve` over `epochs` epochs (the x range stays put while training runs).
void showTeachCurve(QCustomPlot* plot, const std::vector<ds::EpochStats>& curve, int epochs);
// Axis labels and legend names in the UI's language (after a language change).
void retranslateTeachCurve(QCustomPlot* plot);

}  // namespace ds::ui
