#pragma once
// The "Faithfulness" line under the Where it looks tab's controls: on request, the shown map's
// ROAD score (MoRF, LeRF, combined) and confidence change (densescope/faithfulness.h), computed
// as one analysis job on the inference worker with a progress bar and Cancel. A result belongs
// to one map (layer, method, class and values): when the panel shows another, it is cleared and
// a running measurement is cancelled.
#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

#include "densescope/analysis.h"
#include "densescope/faithfulness.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace ds::ui {

class InferenceWorker;

class CamFaithfulness : public QWidget {
    Q_OBJECT
public:
    // `worker` gives the panel's worker when a measurement starts (null: none yet).
    explicit CamFaithfulness(std::function<InferenceWorker*()> worker, QWidget* parent = nullptr);

    // The map shown (null: none) and the class it explains.
    void setMap(const ds::CamMap* map, int classIndex);

    // For tests: measure now (as the button does), what was measured, whether it runs.
    void measure();
    const std::optional<ds::FaithfulnessMetrics>& metrics() const { return m_metrics; }
    bool busy() const { return m_running != 0; }

signals:
    void measured();  // a result is shown

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showState();
    void connectWorker(InferenceWorker* worker);
    void stop();

    std::function<InferenceWorker*()> m_workerOf;
    QPointer<InferenceWorker> m_connected;
    QLabel* m_title = nullptr;
    QPushButton* m_button = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_result = nullptr;

    std::optional<ds::CamMap> m_map;  // what is shown
    int m_classIndex = -1;
    std::optional<ds::FaithfulnessMetrics> m_metrics;  // of m_map, when measured
    QString m_error;
    quint64 m_running = 0;
};

}  // namespace ds::ui
