// MainWindow: lesson mode (lesson_mode.h), a window of its own over the workbench.
#include <QFileInfo>

#include "lesson.h"
#include "lesson_mode.h"
#include "main_window.h"

namespace ds::ui {

void MainWindow::presentLesson(const Lesson& lesson, int step) {
    if (!m_lessonMode) {
        m_lessonMode = new LessonMode(m_worker, this);
        connect(this, &MainWindow::modelShown, m_lessonMode, [this](const ModelInfo& info) {
            if (m_lessonMode->isVisible()) m_lessonMode->setModel(info);
        });
        connect(m_lessonMode, &LessonMode::left, this, [this] {
            raise();
            activateWindow();
        });
    }
    // The lesson's model and image, when it names others than the ones shown.
    if (!lesson.variant.isEmpty() || !lesson.weights.isEmpty()) {
        ModelRequest request = m_requested;
        bool change = false;
        if (!lesson.variant.isEmpty() && lesson.variant != QString::fromStdString(m_requested.config.name)) {
            try {
                request.config = DenseNetConfig::variant(lesson.variant.toStdString());
                change = true;
            } catch (const std::exception&) {
                // a custom layout the lesson names: the workbench's model stays
            }
        }
        if (!lesson.weights.isEmpty() && lesson.weights != m_requested.weights) {
            request.weights = lesson.weights;
            change = true;
        }
        if (change) requestModel(request);
    }
    if (!lesson.image.isEmpty() && lesson.image != m_lessonImage && QFileInfo(lesson.image).isFile()) {
        m_lessonImage = lesson.image;
        openImage(lesson.image);
    }
    m_lessonMode->setFallbackLayer(m_layer);
    m_lessonMode->setLesson(lesson, step);
    if (m_model && m_model->config == m_requested.config && m_model->weightsSpec == m_requested.weights)
        m_lessonMode->setModel(*m_model);
    m_lessonMode->present(m_lessonSize);
}

}  // namespace ds::ui
