#pragma once
// What DenseScope remembers between runs (QSettings, INI format): dock layout, the last
// model choice, folder, recent files, presentation scale, top-k and the growth chart's
// comparison layouts.
//
// Location: $DENSESCOPE_SETTINGS (a file path) when set, else Qt's per-user INI location
// (~/.config/DenseScope/densescope.ini on Linux). Tests point it at a temporary directory
// with QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir) or the variable.
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

#include "inference_worker.h"

class QSettings;

namespace ds::ui {

struct AppSettings {
    QByteArray geometry;
    QByteArray windowState;  // QMainWindow::saveState(): docks
    std::optional<ds::ui::ModelRequest> model;
    QString folder;
    QStringList recentFiles;  // newest first
    double scale = 1.0;
    int topk = 5;
    QList<ds::DenseNetConfig> comparisons;  // the growth chart's overlays, in order
    QByteArray camera;      // live mode's camera (QCameraDevice::id); empty: the system default
    bool loopVideo = true;  // live mode plays a video file again from the start at its end

    static constexpr int kMaxRecent = 10;
    // The growth chart's overlays read back: it tells six apart by colour, and a hand-edited
    // file's count must not decide how long the window takes to appear.
    static constexpr int kMaxComparisons = 16;
    static std::unique_ptr<QSettings> open();
    static AppSettings load();
    void save() const;
    // Puts `path` first in the list (no duplicates, at most kMaxRecent).
    static QStringList withRecent(QStringList list, const QString& path);
};

}  // namespace ds::ui
