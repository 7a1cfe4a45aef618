#include "transformer_reference.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "hearth/model/architecture.h"
#include "hearth/model/tensor_layout.h"
#include "hearth/tensor/quantize.h"

namespace hearth::model::testing {
namespace {

std::vector<double> rms_norm(std::span<const double> x, std::span<const double> weight,
                             double eps) {
  double sum = 0.0;
  for (double value : x) sum += value * value;
  const double scale = 1.0 / std::sqrt(sum / static_cast<double>(x.size()) + eps);
  std::vector<double> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = x[i] * scale * weight[i];
  return out;
}

}  // namespace

ReferenceTransformer::Matrix ReferenceTransformer::load_matrix(const gguf::File& file,
                                                               const std::string& name) const {
  const gguf::TensorInfo* info = file.find_tensor(name);
  Matrix matrix;
  if (info == nullptr) return matrix;
  matrix.cols = static_cast<std::int64_t>(info->shape[0]);
  matrix.rows = static_cast<std::int64_t>(info->element_count() / info->shape[0]);
  std::vector<float> values(info->element_count());
  tensor::dequantize(info->type, file.tensor_data(*info), values);
  matrix.values.assign(values.begin(), values.end());
  return matrix;
}

std::vector<double> ReferenceTransformer::load_vector(const gguf::File& file,
                                                      const std::string& name) const {
  return load_matrix(file, name).values;
}

ReferenceTransformer::ReferenceTransformer(const gguf::File& file)
    : hp_(read_hyperparameters(file)) {
  neox_ = architecture_traits(hp_.architecture).rope_neox;
  embedding_ = load_matrix(file, tensor_name(TensorRole::token_embedding));
  output_ = hp_.tied_embeddings ? embedding_ : load_matrix(file, tensor_name(TensorRole::output));
  output_norm_ = load_vector(file, tensor_name(TensorRole::output_norm));
  rope_factors_ = load_vector(file, tensor_name(TensorRole::rope_frequencies));
  for (std::uint32_t i = 0; i < hp_.n_layer; ++i) {
    Layer layer;
    layer.attention_norm = load_vector(file, tensor_name(TensorRole::attention_norm, i));
    layer.ffn_norm = load_vector(file, tensor_name(TensorRole::ffn_norm, i));
    layer.q_bias = load_vector(file, tensor_name(TensorRole::attention_q_bias, i));
    layer.k_bias = load_vector(file, tensor_name(TensorRole::attention_k_bias, i));
    layer.v_bias = load_vector(file, tensor_name(TensorRole::attention_v_bias, i));
    layer.q_norm = load_vector(file, tensor_name(TensorRole::attention_q_norm, i));
    layer.k_norm = load_vector(file, tensor_name(TensorRole::attention_k_norm, i));
    layer.q = load_matrix(file, tensor_name(TensorRole::attention_q, i));
    layer.k = load_matrix(file, tensor_name(TensorRole::attention_k, i));
    layer.v = load_matrix(file, tensor_name(TensorRole::attention_v, i));
    layer.o = load_matrix(file, tensor_name(TensorRole::attention_output, i));
    layer.gate = load_matrix(file, tensor_name(TensorRole::ffn_gate, i));
    layer.up = load_matrix(file, tensor_name(TensorRole::ffn_up, i));
    layer.down = load_matrix(file, tensor_name(TensorRole::ffn_down, i));
    layers_.push_back(std::move(layer));
  }
}

namespace {

std::vector<double> multiply(const std::vector<double>& matrix, std::int64_t rows,
                             std::int64_t cols, std::span<const double> x) {
  std::vector<double> y(static_cast<std::size_t>(rows));
  for (std::int64_t r = 0; r < rows; ++r) {
    double sum = 0.0;
    for (std::int64_t c = 0; c < cols; ++c) sum += matrix[r * cols + c] * x[c];
    y[r] = sum;
  }
  return y;
}

// Rotates one head: pairs (2i, 2i+1) or, NeoX, (i, i + n_rot/2).
void rotate(double* head, int n_rot, double position, double base, double scale,
            const std::vector<double>& factors, bool neox) {
  for (int i = 0; i < n_rot / 2; ++i) {
    double theta = position * scale * std::pow(base, -2.0 * i / n_rot);
    if (!factors.empty()) theta /= factors[i];
    const int a = neox ? i : 2 * i;
    const int b = neox ? i + n_rot / 2 : 2 * i + 1;
    const double x0 = head[a], x1 = head[b];
    head[a] = x0 * std::cos(theta) - x1 * std::sin(theta);
    head[b] = x0 * std::sin(theta) + x1 * std::cos(theta);
  }
}

}  // namespace

std::vector<std::vector<double>> ReferenceTransformer::logits(
    const std::vector<std::int32_t>& tokens) const {
  const std::int64_t n = static_cast<std::int64_t>(tokens.size());
  const std::int64_t embd = hp_.n_embd, hd = hp_.head_dim;
  const std::int64_t heads = hp_.n_head, kv_heads = hp_.n_head_kv;
  const double eps = hp_.rms_norm_eps;
  std::vector<std::vector<double>> x(n);
  for (std::int64_t t = 0; t < n; ++t) {
    x[t].assign(embedding_.values.begin() + tokens[t] * embd,
                embedding_.values.begin() + (tokens[t] + 1) * embd);
  }
  for (const Layer& layer : layers_) {
    std::vector<std::vector<double>> q(n), k(n), v(n);
    for (std::int64_t t = 0; t < n; ++t) {
      const std::vector<double> h = rms_norm(x[t], layer.attention_norm, eps);
      q[t] = multiply(layer.q.values, layer.q.rows, layer.q.cols, h);
      k[t] = multiply(layer.k.values, layer.k.rows, layer.k.cols, h);
      v[t] = multiply(layer.v.values, layer.v.rows, layer.v.cols, h);
      for (std::size_t i = 0; i < layer.q_bias.size(); ++i) q[t][i] += layer.q_bias[i];
      for (std::size_t i = 0; i < layer.k_bias.size(); ++i) k[t][i] += layer.k_bias[i];
      for (std::size_t i = 0; i < layer.v_bias.size(); ++i) v[t][i] += layer.v_bias[i];
      for (std::int64_t head = 0; head < heads; ++head) {
        double* qh = q[t].data() + head * hd;
        if (!layer.q_norm.empty()) {
          const std::vector<double> normed =
              rms_norm({qh, static_cast<std::size_t>(hd)}, layer.q_norm, eps);
          std::copy(normed.begin(), normed.end(), qh);
        }
        rotate(qh, static_cast<int>(hp_.rope_dimension_count), static_cast<double>(t),
               hp_.rope_freq_base, hp_.rope_freq_scale, rope_factors_, neox_);
      }
      for (std::int64_t head = 0; head < kv_heads; ++head) {
        double* kh = k[t].data() + head * hd;
        if (!layer.k_norm.empty()) {
          const std::vector<double> normed =
              rms_norm({kh, static_cast<std::size_t>(hd)}, layer.k_norm, eps);
          std::copy(normed.begin(), normed.end(), kh);
        }
        rotate(kh, static_cast<int>(hp_.rope_dimension_count), static_cast<double>(t),
               hp_.rope_freq_base, hp_.rope_freq_scale, rope_factors_, neox_);
      }
    }
    for (std::int64_t t = 0; t < n; ++t) {
      std::vector<double> attention(static_cast<std::size_t>(heads * hd), 0.0);
      for (std::int64_t head = 0; head < heads; ++head) {
        const std::int64_t kv_head = head / (heads / kv_heads);
        std::vector<double> scores(static_cast<std::size_t>(t + 1));
        double best = -INFINITY;
        for (std::int64_t j = 0; j <= t; ++j) {
          double dot = 0.0;
          for (std::int64_t d = 0; d < hd; ++d) {
            dot += q[t][head * hd + d] * k[j][kv_head * hd + d];
          }
          scores[j] = dot / std::sqrt(static_cast<double>(hd));
          best = std::max(best, scores[j]);
        }
        double total = 0.0;
        for (double& score : scores) total += (score = std::exp(score - best));
        for (std::int64_t j = 0; j <= t; ++j) {
          for (std::int64_t d = 0; d < hd; ++d) {
            attention[head * hd + d] += scores[j] / total * v[j][kv_head * hd + d];
          }
        }
      }
      const std::vector<double> o = multiply(layer.o.values, layer.o.rows, layer.o.cols, attention);
      for (std::int64_t i = 0; i < embd; ++i) x[t][i] += o[i];
      const std::vector<double> h = rms_norm(x[t], layer.ffn_norm, eps);
      std::vector<double> gate = multiply(layer.gate.values, layer.gate.rows, layer.gate.cols, h);
      const std::vector<double> up = multiply(layer.up.values, layer.up.rows, layer.up.cols, h);
      for (std::size_t i = 0; i < gate.size(); ++i) {
        gate[i] = gate[i] / (1.0 + std::exp(-gate[i])) * up[i];
      }
      const std::vector<double> down =
          multiply(layer.down.values, layer.down.rows, layer.down.cols, gate);
      for (std::int64_t i = 0; i < embd; ++i) x[t][i] += down[i];
    }
  }
  std::vector<std::vector<double>> result(n);
  for (std::int64_t t = 0; t < n; ++t) {
    result[t] =
        multiply(output_.values, output_.rows, output_.cols, rms_norm(x[t], output_norm_, eps));
  }
  return result;
}

std::vector<std::int32_t> ReferenceTransformer::greedy(std::vector<std::int32_t> prompt,
                                                       int count) const {
  std::vector<std::int32_t> generated;
  for (int i = 0; i < count; ++i) {
    const std::vector<double> last = logits(prompt).back();
    const auto best = std::max_element(last.begin(), last.end()) - last.begin();
    generated.push_back(static_cast<std::int32_t>(best));
    prompt.push_back(static_cast<std::int32_t>(best));
  }
  return generated;
}

}  // namespace hearth::model::testing
