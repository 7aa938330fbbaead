#include "teach_controller.h"

#include <QDockWidget>

#include "teach_panel.h"

namespace ds::ui {

TeachController::TeachController(TeachPanel* panel, QDockWidget* dock, QObject* parent)
    : QObject(parent), m_panel(panel), m_dock(dock) {
    connect(m_panel, &TeachPanel::headRefused, this, &TeachController::onHeadRefused);
    connect(m_panel, &TeachPanel::headSwitched, this, &TeachController::onHeadSwitched);
}

void TeachController::setLiveFeed(LiveFeed* feed) { m_panel->setLiveFeed(feed); }

void TeachController::setLiveRunning(bool running) { m_panel->setLiveRunning(running); }

QString TeachController::headNotice() {
    return tr("<b>Taught classes</b>: these predictions come from the classes trained in the "
              "Teach tab, where you can switch back to ImageNet classes.");
}

void TeachController::viewApplied(const ds::ui::ViewResult& view) {
    if ((view.headId != 0) == m_headShown) return;
    m_headShown = view.headId != 0;
    emit headShownChanged(m_headShown);
}

void TeachController::trainOnFirstView(const QString& folder, bool raise) {
    m_panel->loadDataFolder(folder);
    if (raise) this->raise();
    m_trainPending = true;
}

void TeachController::viewShown() {
    if (!m_trainPending) return;
    m_trainPending = false;
    m_panel->train();
    if (!m_panel->training()) reportProblem(m_panel->message());  // refused
}

void TeachController::openHeadOnModel(const QString& file) {
    // A damaged file (openHead) or one for another network (the worker) is refused with
    // headRefused; once the head is in use, later refusals are the person's own.
    m_headPending = file;
    m_watchHead = true;
}

void TeachController::modelShown() {
    if (m_headPending.isEmpty()) return;
    const QString file = m_headPending;
    m_headPending.clear();
    m_panel->openHead(file);
}

void TeachController::onHeadRefused(const QString& message) {
    if (!m_watchHead) return;
    m_watchHead = false;
    reportProblem(message);
}

void TeachController::onHeadSwitched() { m_watchHead = false; }

void TeachController::raise() {
    m_dock->show();
    m_dock->raise();
}

void TeachController::reportProblem(const QString& message) {
    raise();
    emit startupProblem(message);
}

}  // namespace ds::ui
