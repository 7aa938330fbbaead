#pragma once
// What lesson mode's files share (internal): the speaker notes' window for a second screen,
// opened and closed by the presenter (lesson_mode.cpp) and painted with the notes strip
// (lesson_mode_paint.cpp).
#include <QCoreApplication>
#include <QKeyEvent>
#include <QPointer>
#include <QWidget>

#include "lesson_mode.h"

namespace ds::ui {

// The speaker notes on a second screen: the step's title, its note and what comes next.
class LessonNotesWindow : public QWidget {
public:
    explicit LessonNotesWindow(LessonMode* mode) : QWidget(nullptr, Qt::Window), m_mode(mode) {
        setObjectName(QStringLiteral("lessonNotes"));
        setWindowTitle(LessonMode::tr("Lesson notes"));
        setAttribute(Qt::WA_DeleteOnClose);
    }
    void keyPressEvent(QKeyEvent* event) override {  // the keys work from here too
        if (m_mode) QCoreApplication::sendEvent(m_mode, event);
    }
    void paintEvent(QPaintEvent*) override;

private:
    QPointer<LessonMode> m_mode;
};

}  // namespace ds::ui
