#include "lesson_editor.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ds::ui {

LessonEditor::LessonEditor(const Lesson& lesson, QWidget* parent)
    : QDialog(parent), m_lesson(lesson) {
    setObjectName(QStringLiteral("lessonEditor"));
    setWindowTitle(tr("Edit the lesson's steps"));
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("lessonSteps"));
    m_shows = new QLabel;
    m_shows->setWordWrap(true);
    m_title = new QLineEdit;
    m_title->setObjectName(QStringLiteral("stepTitle"));
    m_title->setMaxLength(kMaxLessonTitleChars);
    m_note = new QPlainTextEdit;
    m_note->setObjectName(QStringLiteral("stepNote"));
    m_up = new QPushButton(tr("Move up"));
    m_up->setObjectName(QStringLiteral("moveUp"));
    m_down = new QPushButton(tr("Move down"));
    m_down->setObjectName(QStringLiteral("moveDown"));
    m_delete = new QPushButton(tr("Delete step"));
    m_delete->setObjectName(QStringLiteral("deleteStep"));

    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addWidget(m_delete);
    buttons->addStretch();
    auto* form = new QFormLayout;
    form->addRow(tr("Shows:"), m_shows);
    form->addRow(tr("Title:"), m_title);
    form->addRow(tr("Speaker note:"), m_note);
    auto* top = new QHBoxLayout;
    top->addWidget(m_list, 2);
    top->addLayout(buttons);
    top->addLayout(form, 3);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(box);

    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, [this] { showCurrent(); });
    connect(m_up, &QPushButton::clicked, this, &LessonEditor::moveUp);
    connect(m_down, &QPushButton::clicked, this, &LessonEditor::moveDown);
    connect(m_delete, &QPushButton::clicked, this, &LessonEditor::removeCurrent);
    connect(m_title, &QLineEdit::textEdited, this, &LessonEditor::setTitle);
    connect(m_note, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_filling) setNote(m_note->toPlainText());
    });
    refill(m_lesson.steps.isEmpty() ? -1 : 0);
    resize(900, 480);
}

int LessonEditor::current() const {
    const int row = m_list->currentRow();
    return row >= 0 && row < m_lesson.steps.size() ? row : -1;
}

void LessonEditor::select(int index) { m_list->setCurrentRow(index); }

void LessonEditor::moveUp() {
    const int i = current();
    if (i <= 0) return;
    m_lesson.steps.move(i, i - 1);
    refill(i - 1);
}

void LessonEditor::moveDown() {
    const int i = current();
    if (i < 0 || i + 1 >= m_lesson.steps.size()) return;
    m_lesson.steps.move(i, i + 1);
    refill(i + 1);
}

void LessonEditor::removeCurrent() {
    const int i = current();
    if (i < 0) return;
    m_lesson.steps.remove(i);
    refill(qMin(i, int(m_lesson.steps.size()) - 1));
}

void LessonEditor::setTitle(const QString& title) {
    const int i = current();
    if (i < 0) return;
    m_lesson.steps[i].title = title.left(kMaxLessonTitleChars);
    m_list->item(i)->setText(QStringLiteral("%1. %2").arg(i + 1).arg(m_lesson.steps[i].title));
    if (m_title->text() != m_lesson.steps[i].title) m_title->setText(m_lesson.steps[i].title);
}

void LessonEditor::setNote(const QString& note) {
    const int i = current();
    if (i < 0) return;
    m_lesson.steps[i].note = note.left(kMaxLessonNoteChars);
    if (m_note->toPlainText() != m_lesson.steps[i].note) {
        m_filling = true;
        m_note->setPlainText(m_lesson.steps[i].note);
        m_filling = false;
    }
}

void LessonEditor::refill(int select) {
    m_filling = true;
    m_list->clear();
    for (int i = 0; i < m_lesson.steps.size(); ++i)
        m_list->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(m_lesson.steps[i].title));
    m_filling = false;
    m_list->setCurrentRow(select);
    showCurrent();
}

void LessonEditor::showCurrent() {
    if (m_filling) return;
    const int i = current();
    const bool any = i >= 0;
    m_filling = true;
    m_title->setText(any ? m_lesson.steps[i].title : QString());
    m_note->setPlainText(any ? m_lesson.steps[i].note : QString());
    m_shows->setText(any ? describe(m_lesson.steps[i]) : QString());
    m_filling = false;
    m_title->setEnabled(any);
    m_note->setEnabled(any);
    m_delete->setEnabled(any);
    m_up->setEnabled(i > 0);
    m_down->setEnabled(any && i + 1 < m_lesson.steps.size());
}

QString LessonEditor::kindText(LessonStepKind kind) {
    switch (kind) {
        case LessonStepKind::Image: return tr("the image and its predictions");
        case LessonStepKind::Architecture: return tr("the architecture");
        case LessonStepKind::Node: return tr("one module explained");
        case LessonStepKind::Growth: return tr("the channel-growth chart");
        case LessonStepKind::FeatureMaps: return tr("feature maps");
        case LessonStepKind::Channel: return tr("one channel on the image");
        case LessonStepKind::Cam: return tr("where it looks");
        case LessonStepKind::CamStrip: return tr("where it looks, block by block");
        case LessonStepKind::Reuse: return tr("feature reuse");
        case LessonStepKind::TopImages: return tr("top images");
        case LessonStepKind::Visualize: return tr("a visualised channel");
        case LessonStepKind::Teach: return tr("Teach");
    }
    return stepKindName(kind);
}

QString LessonEditor::describe(const LessonStep& s) {
    QStringList parts{kindText(s.kind)};
    if (!s.layer.isEmpty()) parts << s.layer;
    if (s.channel >= 0) parts << tr("channel %1").arg(s.channel);
    if (s.classIndex >= 0) parts << tr("class %1").arg(s.classIndex);
    if (!s.method.isEmpty()) parts << s.method;
    if (s.block >= 1) parts << tr("block %1").arg(s.block);
    if (!s.folder.isEmpty()) parts << s.folder;
    if (!s.image.isEmpty()) parts << s.image;
    QString text = parts.join(QStringLiteral(" · "));
    if (!s.problem.isEmpty()) text += QLatin1Char('\n') + tr("Cannot be shown: %1").arg(s.problem);
    return text;
}

}  // namespace ds::ui
