#include "stale_marks.h"

#include <QEvent>
#include <QGraphicsOpacityEffect>
#include <QLabel>

#include "retranslate.h"

namespace ds::ui {

namespace {
constexpr double kStaleOpacity = 0.45;  // readable, but clearly not the current answer
}

StaleMarks::StaleMarks(QObject* parent) : QObject(parent) {}

void StaleMarks::add(QWidget* panel) {
    Mark mark;
    mark.panel = panel;
    mark.dim = new QGraphicsOpacityEffect(panel);
    mark.dim->setOpacity(kStaleOpacity);
    mark.dim->setEnabled(false);
    panel->setGraphicsEffect(mark.dim);
    mark.tag = new QLabel(tr("Updating…"), panel->parentWidget());
    mark.tag->setObjectName(panel->objectName() + QStringLiteral("StaleTag"));
    // The palette's highlight colours: visible on light and dark themes and on a projector.
    mark.tag->setStyleSheet(
        QStringLiteral("QLabel { background: palette(highlight); color: palette(highlighted-text);"
                       " border-radius: 3px; padding: 1px 6px; }"));
    mark.tag->setAttribute(Qt::WA_TransparentForMouseEvents);
    mark.tag->hide();
    onLanguageChange(
        mark.tag, [tag = mark.tag] { tag->setText(tr("Updating…")); }, false);
    panel->setProperty("stale", false);
    panel->installEventFilter(this);
    m_marks.push_back(mark);
}

StaleMarks::Mark* StaleMarks::find(const QObject* panel) {
    for (auto& m : m_marks)
        if (m.panel == panel) return &m;
    return nullptr;
}

void StaleMarks::setStale(QWidget* panel, bool stale) {
    Mark* mark = find(panel);
    if (!mark || isStale(panel) == stale) return;
    panel->setProperty("stale", stale);
    mark->dim->setEnabled(stale);
    if (stale) placeTag(*mark);
    mark->tag->setVisible(stale);
    if (stale) mark->tag->raise();
}

bool StaleMarks::isStale(const QWidget* panel) { return panel->property("stale").toBool(); }

void StaleMarks::placeTag(const Mark& mark) {
    if (!mark.panel || mark.tag->parentWidget() != mark.panel->parentWidget()) return;
    mark.tag->adjustSize();
    const QRect r = mark.panel->geometry();
    const QWidget* holder = mark.panel->parentWidget();
    const int em = mark.tag->fontMetrics().averageCharWidth();
    if (r.top() >= mark.tag->height() && holder) {
        // In the dock's title bar, after its title: it covers none of the panel's content.
        const int title = holder->fontMetrics().horizontalAdvance(holder->windowTitle());
        mark.tag->move(r.left() + title + 3 * em, (r.top() - mark.tag->height()) / 2);
    } else {
        mark.tag->move(r.right() - mark.tag->width() - em, r.top() + em / 2);
    }
}

bool StaleMarks::eventFilter(QObject* watched, QEvent* event) {
    const auto type = event->type();
    if (type == QEvent::Move || type == QEvent::Resize || type == QEvent::ParentChange ||
        type == QEvent::FontChange) {
        if (Mark* mark = find(watched)) {
            // A dock moved to another window keeps its tag beside it.
            if (mark->tag->parentWidget() != mark->panel->parentWidget())
                mark->tag->setParent(mark->panel->parentWidget());
            mark->tag->setFont(mark->panel->font());
            placeTag(*mark);
            mark->tag->setVisible(isStale(mark->panel));
        }
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace ds::ui
