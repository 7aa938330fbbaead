#pragma once
// The window's side of Teach (ui/panels/analysis/teach_panel.h): the live feed its capture
// takes frames from, whether the predictions shown come from a taught head (the predictions'
// notice says so), and the start-up requests (--teach-data trains once the first view is
// shown, --head opens a head file once the model is shown). A start-up request that cannot be
// used brings the Teach tab to the front and is reported with startupProblem().
#include <QObject>
#include <QString>

#include "inference_worker.h"

class QDockWidget;

namespace ds::ui {

class LiveFeed;
class TeachPanel;

class TeachController : public QObject {
    Q_OBJECT
public:
    TeachController(TeachPanel* panel, QDockWidget* dock, QObject* parent = nullptr);

    TeachPanel* panel() const { return m_panel; }
    void setLiveFeed(LiveFeed* feed);
    // The predictions shown come from a taught head (ViewResult::headId), and what the
    // predictions chart says about that.
    bool headShown() const { return m_headShown; }
    static QString headNotice();
    // Start-up: loads the examples in `folder` now (with raise, the Teach tab comes to the
    // front) and trains once the first view is shown; opens a head file once the model is shown.
    void trainOnFirstView(const QString& folder, bool raise);
    void openHeadOnModel(const QString& file);

public slots:
    void setLiveRunning(bool running);  // a camera or video is running
    void viewApplied(const ds::ui::ViewResult& view);
    void viewShown();
    void modelShown();

signals:
    void headShownChanged(bool shown);
    void startupProblem(const QString& message);

private slots:
    void onHeadRefused(const QString& message);
    void onHeadSwitched();

private:
    void raise();
    void reportProblem(const QString& message);

    TeachPanel* m_panel;
    QDockWidget* m_dock;
    bool m_headShown = false;
    bool m_trainPending = false;  // --teach-data: train on the first view
    QString m_headPending;        // --head: open once the model is shown
    bool m_watchHead = false;     // a refusal of the start-up head is a start-up problem
};

}  // namespace ds::ui
