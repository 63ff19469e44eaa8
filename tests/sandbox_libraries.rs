//! Programs that import the scientific Python stack run in the sandbox, under the same
//! isolation; their library classes are trusted results, a program's own classes are not.

mod common;
use common::*;

const RECORDS: &str = r#"{"task_id": "L/0", "prompt": "import numpy as np\ndef f(x):\n", "entry_point": "f", "canonical_solution": "    return np.sum(np.array(x))\n", "test": "def check(candidate):\n    assert candidate([1, 2]) == 3\n"}
{"task_id": "L/1", "prompt": "import pandas as pd\nimport matplotlib.pyplot as plt\nimport seaborn as sns\nfrom scipy import stats\nimport statsmodels.api as sm\nfrom sklearn.linear_model import LinearRegression\ndef f(x):\n", "entry_point": "f", "canonical_solution": "    df = pd.DataFrame({'x': x, 'y': [2 * v for v in x]})\n    ax = sns.histplot(df['x'])\n    m = LinearRegression().fit(df[['x']], df['y'])\n    return df, ax, m, float(stats.pearsonr(df['x'], df['y'])[0])\n", "test": "def check(candidate):\n    df, ax, m, r = candidate([1, 2, 3])\n    assert df.shape == (3, 2) and abs(r - 1) < 1e-9 and abs(m.coef_[0] - 2) < 1e-9\n    assert ax.figure is not None\n"}
{"task_id": "L/2", "prompt": "import pandas as pd\ndef f(x):\n", "entry_point": "f", "canonical_solution": "    class Always(pd.DataFrame):\n        def __eq__(self, other):\n            return True\n    return Always({'x': x})\n", "test": "def check(candidate):\n    assert candidate([1]) == 'anything'\n"}
"#;

#[test]
fn scientific_libraries_import_under_required_isolation() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("libs.jsonl");
    std::fs::write(&f, RECORDS).unwrap();
    let out = run(&[
        "validate",
        f.to_str().unwrap(),
        "--isolation",
        "required",
        "--format",
        "json",
    ]);
    let v = json(&out);
    let status = |id: &str| {
        v["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["task_id"] == id)
            .map(|t| (t["status"].clone(), t["detail"].clone()))
            .unwrap()
    };
    assert_eq!(status("L/0").0, "passed", "{:?}", status("L/0"));
    assert_eq!(status("L/1").0, "passed", "{:?}", status("L/1"));
    // A program's own DataFrame subclass that is equal to everything is still caught.
    let (s, detail) = status("L/2");
    assert_eq!(s, "failed", "{detail}");
    assert!(
        detail.as_str().unwrap().contains("NotPlainData"),
        "{detail}"
    );
    assert_eq!(out.code, 1);
}
