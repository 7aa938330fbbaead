#pragma once
// Helpers for tst_ui: the tiny fixture model, waiting for the window to settle, the
// torchvision reference top-k and simulated drops.
#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QLabel>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "fixtures.h"
#include "live_controller.h"
#include "main_window.h"
#include "view_mode_controller.h"

namespace uitest {

constexpr int kWaitMs = 120'000;

inline QString fixture(const QString& name) { return fixtures::dir() + QLatin1Char('/') + name; }

inline ds::ui::ModelRequest tinyRequest(const QString& weights) {
    return ds::ui::ModelRequest{fixtures::config(QStringLiteral("tiny")), weights, ds::DeviceKind::Cpu, {}};
}

// Settings and the torch hub cache live in `dir`: nothing leaks in from (or out to) the user's
// own files, and the default weights are "random". For the whole test process.
inline void isolateFrom(const QTemporaryDir& dir) {
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       dir.filePath(QStringLiteral("settings")));
    qputenv("TORCH_HOME", dir.filePath(QStringLiteral("torch")).toUtf8());
}

inline ds::ui::WindowOptions tinyOptions() {
    ds::ui::WindowOptions o;
    o.config = fixtures::config(QStringLiteral("tiny"));
    o.weights = fixture(QStringLiteral("tiny.pth"));
    o.device = ds::DeviceKind::Cpu;
    o.image = fixture(QStringLiteral("input256.png"));
    return o;
}

// Runs `act` (which issues requests) and waits until every result is shown.
template <typename F>
bool settle(ds::ui::MainWindow& w, F act) {
    QSignalSpy idle(&w, &ds::ui::MainWindow::idle);
    act();
    return w.isIdle() || idle.wait(kWaitMs);
}

// A shown window that has loaded its model and image (a failed wait fails the test).
inline std::unique_ptr<ds::ui::MainWindow> started(const ds::ui::WindowOptions& options) {
    auto w = std::make_unique<ds::ui::MainWindow>(options);
    w->show();
    [&] { QVERIFY(settle(*w, [&] { w->start(); })); }();
    return w;
}

// Softmax of the torchvision logits for input256.png, top k, best first.
inline std::vector<std::pair<int, double>> oracleTop(int k) {
    const auto logits = ds::readNpy(fixtures::path(QStringLiteral("tiny.logits.npy")));
    const float* v = logits.f32();
    const int n = int(logits.numel());
    double peak = v[0], sum = 0;
    for (int i = 0; i < n; ++i) peak = std::max(peak, double(v[i]));
    std::vector<std::pair<int, double>> all;
    for (int i = 0; i < n; ++i)
        all.emplace_back(i, std::exp(double(v[i]) - peak)), sum += all.back().second;
    for (auto& p : all) p.second /= sum;
    std::partial_sort(all.begin(), all.begin() + k, all.end(),
                      [](const auto& a, const auto& b) { return a.second > b.second; });
    all.resize(size_t(k));
    return all;
}

// Drags `mime` onto the window and drops it (a drop needs the drag to have entered first).
inline bool dropOn(QWidget& w, const QMimeData& mime) {
    const QPointF at(w.width() / 2.0, w.height() / 2.0);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &enter);
    if (!enter.isAccepted()) return false;
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &drop);
    return true;
}

inline QLabel* label(QWidget& w, const QString& name) { return w.findChild<QLabel*>(name); }

}  // namespace uitest
