#pragma once
// Marks panels whose content is being recomputed: the panel is dimmed and an "Updating…" tag
// sits in its dock's title bar, after the title, until unmarked, so panels never seem to contradict each other
// while the worker catches up (e.g. the tree on a new layer while the maps show the old one).
//
// A marked panel keeps working (it is not disabled): selecting another layer while one is
// loading must still be possible. Its "stale" dynamic property mirrors the mark (for tests).
#include <QObject>
#include <QPointer>
#include <QWidget>

#include <vector>

class QGraphicsOpacityEffect;
class QLabel;

namespace ds::ui {

class StaleMarks : public QObject {
    Q_OBJECT
public:
    explicit StaleMarks(QObject* parent = nullptr);

    void add(QWidget* panel);  // a panel that can be marked; call once per panel
    void setStale(QWidget* panel, bool stale);
    static bool isStale(const QWidget* panel);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Mark {
        QPointer<QWidget> panel;
        QGraphicsOpacityEffect* dim = nullptr;
        QLabel* tag = nullptr;  // a sibling of the panel, so it is not dimmed with it
    };
    Mark* find(const QObject* panel);
    static void placeTag(const Mark& mark);
    std::vector<Mark> m_marks;
};

}  // namespace ds::ui
