#include "growth_series.h"
#include "densescope/module_names.h"

namespace ds::ui {

QVector<GrowthPoint> growthSeries(const ds::ModelSummary& summary) {
    QVector<GrowthPoint> out;
    int depth = 0;
    for (const auto& l : summary.layers) {
        switch (l.type) {
            case ds::LayerType::Pool:
                out.push_back({depth++, l.outChannels, l});
                break;
            case ds::LayerType::DenseLayer:
                out.push_back({depth++, l.inChannels + l.outChannels, l});
                break;
            case ds::LayerType::Transition:
                out.push_back({depth++, l.outChannels, l});
                break;
            default:
                break;
        }
    }
    return out;
}

QVector<BlockSpan> blockSpans(const QVector<GrowthPoint>& series) {
    QVector<BlockSpan> spans;
    for (const auto& p : series) {
        if (p.layer.type != ds::LayerType::DenseLayer) continue;
        if (spans.isEmpty() || spans.back().block != p.layer.block)
            spans.push_back({p.layer.block, p.depth, p.depth});
        else
            spans.back().lastDepth = p.depth;
    }
    return spans;
}

QVector<StageCost> stageCosts(const ds::ModelSummary& summary) {
    QVector<StageCost> out;
    StageCost stem{QStringLiteral("stem"), QString::fromLatin1(ds::names::kPool0), 0, 0};
    StageCost head{QStringLiteral("head"), QString::fromLatin1(ds::names::kNorm5), 0, 0};
    for (const auto& l : summary.layers) {
        const QString name = QString::fromStdString(l.name);
        switch (l.type) {
            case ds::LayerType::Stem:
            case ds::LayerType::Relu:
            case ds::LayerType::Pool:
                stem.parameters += l.parameters;
                stem.macs += l.macs;
                break;
            case ds::LayerType::Norm:
            case ds::LayerType::Classifier: {
                StageCost& s =
                    (l.name == ds::names::kNorm0 || l.name == ds::names::kRelu0) ? stem : head;
                s.parameters += l.parameters;
                s.macs += l.macs;
                break;
            }
            case ds::LayerType::DenseBlock:
                if (out.isEmpty()) out.push_back(stem);
                out.push_back({QStringLiteral("block%1").arg(l.block), name, l.parameters, l.macs});
                break;
            case ds::LayerType::Transition:
                out.push_back({QStringLiteral("trans%1").arg(l.block), name, l.parameters, l.macs});
                break;
            case ds::LayerType::DenseLayer:
                break;  // counted in its block
        }
    }
    if (out.isEmpty()) out.push_back(stem);
    out.push_back(head);
    return out;
}

}  // namespace ds::ui
