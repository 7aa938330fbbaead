#pragma once
// Top-k predictions as a QCustomPlot horizontal bar chart: class names on the left,
// probabilities on the bars, k adjustable. A notice above the chart says when the weights
// are untrained (and how to get ImageNet weights), or why there is nothing to show. Clicking a
// class's row (bar or name) reports that class (classClicked), e.g. for "Where it looks".
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <vector>

#include "densescope/engine.h"

class QCustomPlot;
class QCPBars;
class QLabel;
class QSpinBox;

namespace ds::ui {

class PredictionsChart : public QWidget {
    Q_OBJECT
public:
    explicit PredictionsChart(QWidget* parent = nullptr);

    void setPredictions(const std::vector<ds::Prediction>& top);
    void clear();
    void setNotice(const QString& html);  // empty hides it
    void setTopK(int k);                  // without emitting topkChanged()
    int topK() const;

    // What the chart shows, best first (read back from the plot, for tests and export).
    QStringList labels() const;
    QVector<double> probabilities() const;
    QCustomPlot* plot() const { return m_plot; }

signals:
    void topkChanged(int k);
    // A class's bar or name was clicked (its class index): the analyses explain that class.
    void classClicked(int classIndex);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void applyFonts();
    void fitNotice();
    void rebuild();

    QCustomPlot* m_plot = nullptr;
    QCPBars* m_bars = nullptr;
    QSpinBox* m_k = nullptr;
    QLabel* m_notice = nullptr;
    std::vector<ds::Prediction> m_top;
};

}  // namespace ds::ui
