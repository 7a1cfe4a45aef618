#include "hearth/model/weights.h"

#include <cstdint>
#include <string>

#include "hearth/model/tensor_layout.h"
#include "hearth/tensor/matmul.h"
#include "hearth/tensor/quantize.h"
#include "hearth/util/error.h"

namespace hearth::model {
namespace {

std::string shape_text(std::span<const std::uint64_t> shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

class Binder {
 public:
  explicit Binder(const gguf::File& file) : file_(file) {}

  const gguf::TensorInfo& find(const TensorSpec& spec) const {
    const gguf::TensorInfo* info = file_.find_tensor(spec.name);
    if (info == nullptr) raise(ErrorKind::invalid_data, "tensor '{}' is missing", spec.name);
    if (info->shape != spec.shape) {
      raise(ErrorKind::invalid_data, "tensor '{}' has shape {}, expected {}", spec.name,
            shape_text(info->shape), shape_text(spec.shape));
    }
    return *info;
  }

  tensor::WeightMatrix matrix(const TensorSpec& spec) const {
    const gguf::TensorInfo& info = find(spec);
    if (!tensor::can_multiply(info.type)) {
      raise(ErrorKind::unsupported, "tensor '{}' is {}, a type hearth cannot compute with",
            spec.name, tensor::type_name(info.type));
    }
    tensor::WeightMatrix matrix;
    matrix.type = info.type;
    matrix.cols = static_cast<std::int64_t>(info.shape[0]);
    matrix.rows = static_cast<std::int64_t>(info.shape[1]);
    matrix.data = file_.tensor_data(info).data();
    matrix.row_bytes = *tensor::bytes_for_elements(info.type, info.shape[0]);
    return matrix;
  }

  const float* vector(const TensorSpec& spec) const {
    const gguf::TensorInfo& info = find(spec);
    if (info.type != tensor::TensorType::f32) {
      raise(ErrorKind::unsupported, "tensor '{}' is {}; hearth needs norm and bias vectors in F32",
            spec.name, tensor::type_name(info.type));
    }
    const std::byte* data = file_.tensor_data(info).data();
    if (reinterpret_cast<std::uintptr_t>(data) % alignof(float) != 0) {
      raise(ErrorKind::unsupported, "tensor '{}' is not aligned to 4 bytes in the file", spec.name);
    }
    return reinterpret_cast<const float*>(data);
  }

 private:
  const gguf::File& file_;
};

}  // namespace

ModelWeights bind_weights(const gguf::File& file, const Hyperparameters& hp) {
  if (file.tensors().empty()) {
    raise(ErrorKind::invalid_data,
          "the file has no tensors: it holds no model weights (a tokenizer-only GGUF?)");
  }
  // Every block has at least nine tensors: a block count beyond the file's
  // tensor count is corrupt, and must be refused before anything is sized by it.
  if (hp.n_layer > file.tensors().size()) {
    raise(ErrorKind::invalid_data, "the model declares {} blocks but the file has {} tensors",
          hp.n_layer, file.tensors().size());
  }
  const Binder binder(file);
  ModelWeights weights;
  weights.layers.resize(hp.n_layer);
  for (const TensorSpec& spec : tensor_layout(hp)) {
    LayerWeights* layer = spec.layer ? &weights.layers[*spec.layer] : nullptr;
    switch (spec.role) {
      case TensorRole::token_embedding: {
        const gguf::TensorInfo& info = binder.find(spec);
        if (!tensor::can_dequantize(info.type)) {
          raise(ErrorKind::unsupported, "tensor '{}' is {}, a type hearth cannot read", spec.name,
                tensor::type_name(info.type));
        }
        if (hp.tied_embeddings) {
          weights.token_embedding = weights.output = binder.matrix(spec);
        } else {
          weights.token_embedding.type = info.type;
          weights.token_embedding.cols = static_cast<std::int64_t>(info.shape[0]);
          weights.token_embedding.rows = static_cast<std::int64_t>(info.shape[1]);
          weights.token_embedding.data = file.tensor_data(info).data();
          weights.token_embedding.row_bytes = *tensor::bytes_for_elements(info.type, info.shape[0]);
        }
        break;
      }
      case TensorRole::output_norm:
        weights.output_norm = binder.vector(spec);
        break;
      case TensorRole::output:
        weights.output = binder.matrix(spec);
        break;
      case TensorRole::rope_frequencies:
        weights.rope_frequencies = binder.vector(spec);
        break;
      case TensorRole::attention_norm:
        layer->attention_norm = binder.vector(spec);
        break;
      case TensorRole::attention_q:
        layer->q = binder.matrix(spec);
        break;
      case TensorRole::attention_k:
        layer->k = binder.matrix(spec);
        break;
      case TensorRole::attention_v:
        layer->v = binder.matrix(spec);
        break;
      case TensorRole::attention_q_bias:
        layer->q_bias = binder.vector(spec);
        break;
      case TensorRole::attention_k_bias:
        layer->k_bias = binder.vector(spec);
        break;
      case TensorRole::attention_v_bias:
        layer->v_bias = binder.vector(spec);
        break;
      case TensorRole::attention_q_norm:
        layer->q_norm = binder.vector(spec);
        break;
      case TensorRole::attention_k_norm:
        layer->k_norm = binder.vector(spec);
        break;
      case TensorRole::attention_output:
        layer->attention_output = binder.matrix(spec);
        break;
      case TensorRole::ffn_norm:
        layer->ffn_norm = binder.vector(spec);
        break;
      case TensorRole::ffn_gate:
        layer->gate = binder.matrix(spec);
        break;
      case TensorRole::ffn_up:
        layer->up = binder.matrix(spec);
        break;
      case TensorRole::ffn_down:
        layer->down = binder.matrix(spec);
        break;
    }
  }
  return weights;
}

}  // namespace hearth::model
