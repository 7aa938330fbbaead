#pragma once
// Lesson → Edit steps…: reorder and delete a lesson's steps and edit each one's title and
// speaker note, on a copy that replaces the lesson on OK (Cancel changes nothing).
#include <QDialog>

#include "lesson.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace ds::ui {

class LessonEditor : public QDialog {
    Q_OBJECT
public:
    explicit LessonEditor(const Lesson& lesson, QWidget* parent = nullptr);

    const Lesson& lesson() const { return m_lesson; }  // as edited so far
    int current() const;                               // -1: none
    void select(int index);
    void moveUp();
    void moveDown();
    void removeCurrent();
    void setTitle(const QString& title);  // of the current step
    void setNote(const QString& note);

private:
    void refill(int select);
    void showCurrent();
    static QString describe(const LessonStep& step);
    static QString kindText(LessonStepKind kind);  // for people, in the UI's language

    Lesson m_lesson;
    QListWidget* m_list;
    QLabel* m_shows;
    QLineEdit* m_title;
    QPlainTextEdit* m_note;
    QPushButton* m_up;
    QPushButton* m_down;
    QPushButton* m_delete;
    bool m_filling = false;
};

}  // namespace ds::ui
