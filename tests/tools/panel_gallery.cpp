// panel-gallery DIR: renders each panel, on hand-made data and the real densenet121 and
// densenet169 summaries, into DIR as PNG, for people to look at (layout, clipping, colours)
// when they change a panel. A tool, not a test: it checks nothing.
//   build/tests/tools/panel-gallery /tmp/shots   (under xvfb-run, or QT_QPA_PLATFORM=offscreen)
#include <QApplication>
#include <QDir>
#include <QScrollBar>
#include <QTextBrowser>
#include <QToolTip>
#include <QTest>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "explanation.h"
#include "explanation_panel.h"
#include "feature_map_panel.h"
#include "densescope/feature_maps.h"
#include "growth_chart.h"
#include "guide_dialog.h"
#include "i18n.h"
#include "layer_table.h"
#include "network_tree.h"
#include "panels_test_util.h"

using namespace ds::ui;
using namespace panels_test;

namespace {

void settle() { QTest::qWait(50); }  // let layouts and the first paint happen

void panels(const QString& dir) {
    const ds::ModelSummary s = variantSummary("densenet121");
    NetworkTree tree;
    tree.setSummary(s);
    tree.resize(360, 520);
    tree.selectLayer("features.denseblock2.denselayer3");
    tree.grab().save(dir + "/tree.png");
    LayerTable table;
    table.setSummary(s);
    table.resize(760, 420);
    table.selectLayer("features.transition1");
    table.grab().save(dir + "/table.png");
    GrowthChart chart;
    chart.setSummary(s);
    chart.addComparison("densenet169", variantSummary("densenet169"));
    chart.resize(1100, 420);
    chart.selectLayer("features.denseblock2");
    chart.show();
    settle();
    chart.grab().save(dir + "/growth.png");
}

void featureMaps(const QString& dir) {
    const ds::ModelSummary s = variantSummary("densenet121");
    FeatureMapPanel panel;
    answerBytesRequests(panel);
    panel.setSummary(s);
    QImage input(224, 224, QImage::Format_RGB32);
    for (int y = 0; y < 224; ++y)
        for (int x = 0; x < 224; ++x) input.setPixel(x, y, qRgb(x, y, 128));
    panel.setFeatureMap(
        makeMap("features.denseblock2", 512, 28, 28,
                [](int c, int y, int x) {
                    return std::sin(0.05f * c + 0.3f * x) * std::cos(0.02f * c * y) + 0.002f * c;
                }),
        input);
    panel.resize(1100, 560);
    panel.selectChannel(200);
    panel.setOverlay(true, 0.6);
    panel.show();
    settle();  // let layouts settle
    panel.grab().save(dir + "/feature_maps.png");
    panel.setColormap(Colormap::Viridis);
    panel.setScaling(ds::MapScaling::Shared);
    panel.setSort(ChannelSort::MeanDescending);
    settle();
    panel.grab().save(dir + "/feature_maps_viridis.png");
    panel.setScale(1.6);
    panel.resize(1700, 900);
    settle();
    panel.grab().save(dir + "/feature_maps_scaled.png");
}

// The Explanation dock's text and the Help → Guide window (sized for this screen, as the app
// opens it), at normal size and zoomed 1.5× as for a classroom.
void explanations(const QString& dir) {
    const ds::DenseNetConfig config = ds::DenseNetConfig::variant("densenet161");
    const ds::ModelSummary s = ds::summarize(config);
    ExplanationPanel panel;
    panel.setModel(config, s);
    panel.setLayer("features.denseblock3.denselayer5");
    panel.resize(360, 420);
    panel.show();
    settle();
    panel.grab().save(dir + "/explanation.png");
    // The same text as a tooltip (tree items and table rows), as Qt wraps it.
    QToolTip::showText(QPoint(40, 40), ds::ui::explain(config, s, "features.transition2").html());
    settle();
    for (QWidget* w : QApplication::topLevelWidgets())
        if (w->inherits("QTipLabel") && w->isVisible()) w->grab().save(dir + "/tooltip.png");
    QToolTip::hideText();
    for (const double zoom : {1.0, 1.5}) {
        GuideDialog guide;
        QFont f = guide.font();
        f.setPointSizeF(f.pointSizeF() * zoom);
        guide.setFont(f);
        guide.setModel(config, s);
        guide.show();
        settle();
        guide.grab().save(dir + (zoom == 1.0 ? "/guide.png" : "/guide_zoomed.png"));
        QScrollBar* bar = guide.browser()->verticalScrollBar();
        bar->setValue(bar->maximum() / 3);
        settle();
        guide.grab().save(dir + (zoom == 1.0 ? "/guide_2.png" : "/guide_zoomed_2.png"));
        bar->setValue(bar->maximum());
        settle();
        guide.grab().save(dir + (zoom == 1.0 ? "/guide_3.png" : "/guide_zoomed_3.png"));
        if (zoom != 1.0) continue;
        // Every page of the guide, one screenful after another (guide_page_N.png).
        int page = 1;
        for (int at = 0;; at += bar->pageStep(), ++page) {
            bar->setValue(at);
            settle();
            guide.grab().save(dir + QStringLiteral("/guide_page_%1.png").arg(page));
            if (at >= bar->maximum()) break;
        }
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    if (argc < 2 || argc > 3 || argv[1][0] == '-') {
        std::fprintf(stderr, "usage: panel-gallery DIR [LANGUAGE (en|ja)]\n");
        return argc == 2 && std::strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    if (argc == 3 && !ds::i18n::installTranslations(QString::fromLocal8Bit(argv[2]))) {
        std::fprintf(stderr, "panel-gallery: no translations for %s\n", argv[2]);
        return 2;
    }
    const QString dir = QString::fromLocal8Bit(argv[1]);
    if (!QDir().mkpath(dir)) {
        std::fprintf(stderr, "panel-gallery: cannot create %s\n", argv[1]);
        return 1;
    }
    panels(dir);
    featureMaps(dir);
    explanations(dir);
    std::printf("wrote tree.png, table.png, growth.png, feature_maps*.png, explanation.png, "
                "tooltip.png, guide*.png to %s\n",
                argv[1]);
    return 0;
}
