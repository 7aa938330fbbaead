#pragma once
// The status bar's permanent parts: stage times (decode, preprocess, forward, maps), device,
// weights, and a busy indicator that appears only when work takes longer than ~200 ms.
#include <QHash>
#include <QObject>
#include <QSize>
#include <QString>

#include "densescope/engine.h"

class QHBoxLayout;
class QLabel;
class QProgressBar;
class QStatusBar;
class QTimer;

namespace ds::ui {

class ElidedLabel;

class StatusPanel : public QObject {
    Q_OBJECT
public:
    explicit StatusPanel(QStatusBar* bar);

    void setBusy(bool busy, const QString& what = {});
    // Live mode: the worker is always busy with the next frame, so no busy indicator shows
    // (the live status says what happens).
    void setLive(bool live);
    void setStage(const QString& what);  // progress text while busy
    void setTimings(double decodeMs, const ds::Timings& timings);
    void setModel(const QString& device, const QString& weights);
    QString timingsText() const;
    // Another permanent part (live mode's status), at `index` among the three.
    void insertPermanent(int index, QWidget* widget);
    // Sizes the box of permanent parts to their text (call after changing an inserted part).
    void refit();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QStatusBar* m_bar;
    QWidget* m_box = nullptr;  // the permanent parts, at a fixed size (refit())
    qreal m_fitPoints = 0;            // the type size refit() last sized the box for
    QHash<qreal, QSize> m_fitSizes;   // the box's size at each type size (zoom) it had
    QHBoxLayout* m_row = nullptr;
    ElidedLabel* m_timings;
    ElidedLabel* m_device;
    ElidedLabel* m_weights;
    QLabel* m_busyText;
    QProgressBar* m_busy;
    QTimer* m_delay;
    bool m_isBusy = false;
    bool m_live = false;
    // What the texts are made from, to make them again in another language.
    bool m_timed = false;
    double m_decodeMs = 0;
    ds::Timings m_lastTimings;
    QString m_weightsSpec;
};

}  // namespace ds::ui
