#pragma once
// MainWindow's own state that only its .cpp files see: the actions and menus it owns (the
// controllers own theirs: images, live, weights, view modes), and the pipeline's bookkeeping of what the panels show.
#include <QList>

#include <optional>

#include "inference_worker.h"

class QAction;
class QMenu;
class QPushButton;
class QTimer;

namespace ds::ui {

class StaleMarks;

struct WindowActions {
    QAction* loadWeights = nullptr;
    QAction* quit = nullptr;
    QAction* zoomIn = nullptr;
    QAction* zoomOut = nullptr;
    QAction* zoomReset = nullptr;
    QAction* resetLayout = nullptr;
    QAction* guide = nullptr;
    QAction* about = nullptr;
    QAction* aboutQt = nullptr;
    QMenu* viewMenu = nullptr;
};

// main_window_pipeline.cpp: which answers the panels show, which panels are out of date, and
// the Cancel button and Esc of a model load.
struct PipelineMarks {
    quint64 lastViewId = 0;
    quint64 shownImageId = 0;
    quint64 imageErrorId = 0;
    quint64 shownModelId = 0;  // ModelInfo::id on the panels
    // A superseded view, shown if nothing newer comes (every newer request failed).
    std::optional<ds::ui::ViewResult> deferred;
    StaleMarks* stale = nullptr;
    QPushButton* cancelButton = nullptr;
    QAction* cancelAction = nullptr;
    QTimer* cancelDelay = nullptr;
};

}  // namespace ds::ui
