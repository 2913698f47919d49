import sys; sys.path.insert(0, '.')
import side_by_side as s
m = sys.argv[1]; t = int(sys.argv[2])
print(m, t, round(s.torch_train(m, 128 if m in ('mlp','resnet20') else (64 if m=='lstm' else 32), t)))
